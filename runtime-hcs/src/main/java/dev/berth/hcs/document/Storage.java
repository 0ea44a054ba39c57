package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The containers layers, topmost first, and its scratch volume (schema2/storage.go). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Storage(
        @JsonProperty("Layers") List<Layer> layers,
        @JsonProperty("Path") String path)
{
}
