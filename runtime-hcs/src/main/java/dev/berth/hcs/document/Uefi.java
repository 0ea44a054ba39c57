package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** schema2/uefi.go */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Uefi(
        @JsonProperty("BootThis") UefiBootEntry bootThis)
{
}
