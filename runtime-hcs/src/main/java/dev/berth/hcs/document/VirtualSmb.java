package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** schema2/virtual_smb.go */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record VirtualSmb(
        @JsonProperty("Shares") List<VirtualSmbShare> shares,
        @JsonProperty("DirectFileMappingInMB") Long directFileMappingInMB)
{
}
