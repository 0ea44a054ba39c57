package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** schema2/virtual_smb_share.go */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record VirtualSmbShare(
        @JsonProperty("Name") String name,
        @JsonProperty("Path") String path,
        @JsonProperty("Options") VirtualSmbShareOptions options)
{
}
