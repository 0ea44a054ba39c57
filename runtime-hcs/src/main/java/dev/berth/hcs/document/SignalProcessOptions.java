package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** HcsSignalProcess options; Signal is CtrlC, CtrlBreak, CtrlClose, CtrlLogOff or CtrlShutdown (schema2/signal_process_options.go, process_signal.go). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SignalProcessOptions(
        @JsonProperty("Signal") String signal)
{
}
