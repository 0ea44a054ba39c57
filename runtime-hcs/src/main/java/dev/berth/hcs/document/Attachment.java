package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** schema2/attachment.go */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Attachment(
        @JsonProperty("Type") String type,
        @JsonProperty("Path") String path)
{
}
