package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** schema2/virtual_machine_processor.go */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record VirtualMachineProcessor(
        @JsonProperty("Count") Integer count)
{
}
