package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A utility VM (schema2/virtual_machine.go). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record VirtualMachine(
        @JsonProperty("StopOnReset") Boolean stopOnReset,
        @JsonProperty("Chipset") Chipset chipset,
        @JsonProperty("ComputeTopology") Topology computeTopology,
        @JsonProperty("Devices") Devices devices,
        @JsonProperty("GuestConnection") GuestConnection guestConnection)
{
}
