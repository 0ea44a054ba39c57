package dev.berth.core.runtime;

import static java.util.Objects.requireNonNull;

/** The outcome of an exec: the command's exit code and what it printed. */
public record ExecResult(int exitCode, String stdout, String stderr)
{
    public ExecResult
    {
        requireNonNull(stdout, "stdout is null");
        requireNonNull(stderr, "stderr is null");
    }
}
