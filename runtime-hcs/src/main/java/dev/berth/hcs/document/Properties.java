package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A compute system's properties, from HcsGetComputeSystemProperties or one entry of HcsEnumerateComputeSystems
 * (schema2/properties.go). State is Created, Running, Paused, Stopped, SavedAsTemplate or Unknown (schema2/state.go).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Properties(
        @JsonProperty("Id") String id,
        @JsonProperty("SystemType") String systemType,
        @JsonProperty("Owner") String owner,
        @JsonProperty("State") String state,
        @JsonProperty("Stopped") boolean stopped,
        @JsonProperty("ExitType") String exitType)
{
}
