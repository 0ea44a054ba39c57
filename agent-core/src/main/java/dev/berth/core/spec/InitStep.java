package dev.berth.core.spec;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * One init step run before a replica counts as started. Each step has its own retries and timeout.
 */
public record InitStep(
        Kind kind,
        String host,
        int port,
        String path,
        int expectStatus,
        List<String> command,
        Duration duration,
        int retries,
        Duration timeout)
{
    public enum Kind
    {
        TCP,
        HTTP,
        EXEC,
        SLEEP
    }

    public InitStep
    {
        requireNonNull(kind, "kind is null");
        requireNonNull(host, "host is null");
        requireNonNull(path, "path is null");
        command = List.copyOf(requireNonNull(command, "command is null"));
        requireNonNull(duration, "duration is null");
        requireNonNull(timeout, "timeout is null");
    }
}
