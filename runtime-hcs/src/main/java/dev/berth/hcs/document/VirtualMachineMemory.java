package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** schema2/virtual_machine_memory.go */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record VirtualMachineMemory(
        @JsonProperty("SizeInMB") Long sizeInMB,
        @JsonProperty("AllowOvercommit") Boolean allowOvercommit)
{
}
