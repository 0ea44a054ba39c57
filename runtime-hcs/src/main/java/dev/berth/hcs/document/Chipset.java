package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** schema2/chipset.go */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Chipset(
        @JsonProperty("Uefi") Uefi uefi)
{
}
