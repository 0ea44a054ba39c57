package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** schema2/topology.go */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Topology(
        @JsonProperty("Memory") VirtualMachineMemory memory,
        @JsonProperty("Processor") VirtualMachineProcessor processor)
{
}
