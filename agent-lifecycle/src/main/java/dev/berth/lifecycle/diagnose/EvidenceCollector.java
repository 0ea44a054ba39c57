package dev.berth.lifecycle.diagnose;

import static java.util.Objects.requireNonNull;

import dev.berth.core.composite.CompositeRuntime;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.core.runtime.LogLine;
import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.LogReader;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;

/** Gathers {@link TimeoutEvidence} about a container when a wait on it times out. */
public final class EvidenceCollector
{
    private static final Logger log = LogManager.getLogger(EvidenceCollector.class);
    /** Reading more than this much log to count bytes is not worth it: the count says "at least". */
    private static final long MAX_COUNTED_BYTES = 64L << 20;

    private final CompositeRuntime runtime;
    private final int lines;

    public EvidenceCollector(CompositeRuntime runtime, int lines)
    {
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.lines = lines;
    }

    public TimeoutEvidence collect(String id, Suspect suspect)
    {
        boolean alive = false;
        boolean neverStarted = false;
        OptionalInt exitCode = OptionalInt.empty();
        try {
            ContainerStatus status = runtime.state(id);
            alive = status.state() == ContainerState.RUNNING;
            neverStarted = status.state() == ContainerState.CREATED;
            if (status.exit().isPresent()) {
                exitCode = OptionalInt.of(status.exit().get().code());
            }
        }
        catch (RuntimeException e) {
            log.debug("no state for {} while gathering timeout evidence: {}", id, e.getMessage());
        }
        long bytes = 0;
        Deque<String> tail = new ArrayDeque<>();
        boolean logsRead = true;
        try (LogReader reader = runtime.logs(id, LogOptions.ALL)) {
            while (reader.hasNext() && bytes < MAX_COUNTED_BYTES) {
                LogLine line = reader.next();
                bytes += line.text().getBytes(StandardCharsets.UTF_8).length + 1;
                tail.addLast(line.text());
                if (tail.size() > lines) {
                    tail.removeFirst();
                }
            }
        }
        catch (RuntimeException e) {
            logsRead = false;
            log.debug("no logs for {} while gathering timeout evidence: {}", id, e.getMessage());
        }
        String cause = neverStarted
                ? "the container was created but its process never started running: see the runtime's log"
                : likelyCause(alive, exitCode, bytes, logsRead, suspect);
        return new TimeoutEvidence(alive, exitCode, bytes, List.copyOf(tail), cause);
    }

    static String likelyCause(boolean alive, OptionalInt exitCode, long bytes, boolean logsRead, Suspect suspect)
    {
        if (!alive) {
            String code = exitCode.isPresent() ? " (code " + exitCode.getAsInt() + ")" : "";
            if (suspect.port().isPresent()) {
                return "process exited" + code + " before listening on " + suspect.port().getAsInt();
            }
            return bytes == 0 && logsRead
                    ? "process exited" + code + " without writing any output: check the command and its arguments"
                    : "process exited" + code + " before " + suspect.waitingFor() + ": see its last log lines";
        }
        if (suspect.lastCommandResult().isPresent()) {
            return "the process is running but the command keeps failing: " + suspect.lastCommandResult().get();
        }
        if (bytes == 0 && logsRead) {
            return "no output at all: the command may be waiting on stdin"
                    + (suspect.port().isPresent() ? " (and nothing accepts connections on " + suspect.port().getAsInt() + ")" : "");
        }
        if (suspect.port().isPresent()) {
            return "process is running but nothing accepts connections on " + suspect.port().getAsInt()
                    + ": check that it listens on that port, on all interfaces";
        }
        return "process is running but " + suspect.waitingFor() + " did not happen in time: see its last log lines";
    }
}
