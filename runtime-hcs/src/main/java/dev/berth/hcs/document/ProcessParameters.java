package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/** The document HcsCreateProcess takes (schema2/process_parameters.go). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProcessParameters(
        @JsonProperty("CommandLine") String commandLine,
        @JsonProperty("User") String user,
        @JsonProperty("WorkingDirectory") String workingDirectory,
        @JsonProperty("Environment") Map<String, String> environment,
        @JsonProperty("EmulateConsole") Boolean emulateConsole,
        @JsonProperty("CreateStdInPipe") Boolean createStdInPipe,
        @JsonProperty("CreateStdOutPipe") Boolean createStdOutPipe,
        @JsonProperty("CreateStdErrPipe") Boolean createStdErrPipe)
{
}
