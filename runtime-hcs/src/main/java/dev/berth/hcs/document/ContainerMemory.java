package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Container memory in MB (schema2/container_memory.go). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerMemory(
        @JsonProperty("SizeInMB") Long sizeInMB)
{
}
