package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A schema version, {@code {"Major":2,"Minor":1}}: the Version type of SchemaVersion in schema2/compute_system.go. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SchemaVersion(
        @JsonProperty("Major") int major,
        @JsonProperty("Minor") int minor)
{
}
