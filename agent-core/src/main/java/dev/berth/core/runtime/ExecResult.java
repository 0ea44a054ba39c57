package dev.berth.core.runtime;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of an exec: the command's exit code and what it printed. Output is bounded
 * ({@link OutputTail#EXEC_LIMIT} per stream): {@code stdout} and {@code stderr} are the tails, and
 * {@code stdoutDropped}/{@code stderrDropped} count the bytes before them that were not kept.
 */
public record ExecResult(int exitCode, String stdout, String stderr, long stdoutDropped, long stderrDropped)
{
    public ExecResult
    {
        requireNonNull(stdout, "stdout is null");
        requireNonNull(stderr, "stderr is null");
        if (stdoutDropped < 0 || stderrDropped < 0) {
            throw new IllegalArgumentException("dropped byte counts must not be negative");
        }
    }

    /** A result whose output was kept whole. */
    public ExecResult(int exitCode, String stdout, String stderr)
    {
        this(exitCode, stdout, stderr, 0, 0);
    }

    /** A result built from the two bounded tails of the command's streams. */
    public static ExecResult of(int exitCode, OutputTail stdout, OutputTail stderr)
    {
        return new ExecResult(exitCode, stdout.text(), stderr.text(), stdout.dropped(), stderr.dropped());
    }

    /** Whether any output was dropped. */
    public boolean truncated()
    {
        return stdoutDropped > 0 || stderrDropped > 0;
    }
}
