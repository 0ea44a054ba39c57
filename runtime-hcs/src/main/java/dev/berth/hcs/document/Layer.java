package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One read-only layer: its GUID and folder (schema2/layer.go). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Layer(
        @JsonProperty("Id") String id,
        @JsonProperty("Path") String path)
{
}
