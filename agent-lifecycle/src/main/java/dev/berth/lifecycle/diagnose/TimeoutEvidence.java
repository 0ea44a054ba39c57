package dev.berth.lifecycle.diagnose;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.AgentError;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a timed-out wait found about the process it waited on: whether it is alive, its exit code if it exited, how
 * many bytes of log it wrote, its last log lines and a one-line likely cause. Travels as the cause of the
 * timeout's {@link AgentError} (so the wire form's {@code causes} carries it), and its summary is part of the
 * error's reason where the variant has one.
 */
public final class TimeoutEvidence
        extends RuntimeException
{
    private final boolean alive;
    private final OptionalInt exitCode;
    private final long logBytes;
    private final List<String> lastLines;
    private final String likelyCause;

    public TimeoutEvidence(boolean alive, OptionalInt exitCode, long logBytes, List<String> lastLines, String likelyCause)
    {
        super(describe(alive, exitCode, logBytes, lastLines, likelyCause), null, false, false);
        this.alive = alive;
        this.exitCode = requireNonNull(exitCode, "exitCode is null");
        this.logBytes = logBytes;
        this.lastLines = List.copyOf(requireNonNull(lastLines, "lastLines is null"));
        this.likelyCause = requireNonNull(likelyCause, "likelyCause is null");
    }

    /** The evidence in {@code error}'s cause chain, if it has one. */
    public static Optional<TimeoutEvidence> in(Throwable error)
    {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof TimeoutEvidence evidence) {
                return Optional.of(evidence);
            }
        }
        return Optional.empty();
    }

    /** One line: alive or exit code, log bytes, and the likely cause. */
    public String summary()
    {
        return String.format("%s; wrote %d log bytes; likely cause: %s", state(alive, exitCode), logBytes, likelyCause);
    }

    public boolean alive()
    {
        return alive;
    }

    public OptionalInt exitCode()
    {
        return exitCode;
    }

    public long logBytes()
    {
        return logBytes;
    }

    public List<String> lastLines()
    {
        return lastLines;
    }

    public String likelyCause()
    {
        return likelyCause;
    }

    private static String state(boolean alive, OptionalInt exitCode)
    {
        if (alive) {
            return "process alive";
        }
        return exitCode.isPresent() ? "process exited with code " + exitCode.getAsInt() : "process not running";
    }

    private static String describe(boolean alive, OptionalInt exitCode, long logBytes, List<String> lastLines, String likelyCause)
    {
        StringBuilder text = new StringBuilder();
        text.append(state(alive, exitCode)).append("; wrote ").append(logBytes).append(" log bytes; likely cause: ").append(likelyCause);
        if (!lastLines.isEmpty()) {
            text.append("; last ").append(lastLines.size()).append(" log lines:");
            lastLines.forEach(line -> text.append("\n  | ").append(line));
        }
        return text.toString();
    }
}
