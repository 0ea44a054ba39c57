package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HcsGetProcessProperties' result, and the data of a process-exited event (schema2/process_status.go). ExitCode is a
 * uint32: read as long.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProcessStatus(
        @JsonProperty("ProcessId") long processId,
        @JsonProperty("Exited") boolean exited,
        @JsonProperty("ExitCode") long exitCode,
        @JsonProperty("LastWaitResult") int lastWaitResult)
{
}
