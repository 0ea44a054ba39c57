package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/** schema2/devices.go */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Devices(
        @JsonProperty("Scsi") Map<String, Scsi> scsi,
        @JsonProperty("VirtualSmb") VirtualSmb virtualSmb)
{
}
