package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** A Windows container (schema2/container.go). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Container(
        @JsonProperty("Storage") Storage storage,
        @JsonProperty("MappedDirectories") List<MappedDirectory> mappedDirectories,
        @JsonProperty("Memory") ContainerMemory memory,
        @JsonProperty("Processor") ContainerProcessor processor,
        @JsonProperty("Networking") Networking networking)
{
}
