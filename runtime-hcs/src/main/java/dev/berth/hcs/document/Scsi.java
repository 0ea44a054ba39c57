package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/** A SCSI controller; attachments keyed by LUN (schema2/scsi.go). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Scsi(
        @JsonProperty("Attachments") Map<String, Attachment> attachments)
{
}
