package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A host directory mapped into the container (schema2/mapped_directory.go). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MappedDirectory(
        @JsonProperty("HostPath") String hostPath,
        @JsonProperty("ContainerPath") String containerPath,
        @JsonProperty("ReadOnly") Boolean readOnly)
{
}
