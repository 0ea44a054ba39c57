package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** schema2/uefi_boot_entry.go */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record UefiBootEntry(
        @JsonProperty("DevicePath") String devicePath,
        @JsonProperty("DeviceType") String deviceType)
{
}
