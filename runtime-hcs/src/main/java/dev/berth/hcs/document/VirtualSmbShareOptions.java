package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** schema2/virtual_smb_share_options.go */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record VirtualSmbShareOptions(
        @JsonProperty("ReadOnly") Boolean readOnly,
        @JsonProperty("ShareRead") Boolean shareRead,
        @JsonProperty("CacheIo") Boolean cacheIo,
        @JsonProperty("PseudoOplocks") Boolean pseudoOplocks,
        @JsonProperty("TakeBackupPrivilege") Boolean takeBackupPrivilege)
{
}
