package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A container hosted in a utility VM (schema2/hosted_system.go). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HostedSystem(
        @JsonProperty("SchemaVersion") SchemaVersion schemaVersion,
        @JsonProperty("Container") Container container)
{
}
