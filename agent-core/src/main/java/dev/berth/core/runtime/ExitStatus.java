package dev.berth.core.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** How a container ended: its exit code (128+n for signal n), whether the kernel OOM-killed it, and when. */
public record ExitStatus(int code, boolean oomKilled, Optional<Instant> finishedAt)
{
    public ExitStatus
    {
        requireNonNull(finishedAt, "finishedAt is null");
    }

    public static ExitStatus of(int code)
    {
        return new ExitStatus(code, false, Optional.empty());
    }
}
