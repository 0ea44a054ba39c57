package dev.berth.core.spec;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * A replica's health check. After {@code retries} consecutive failures the replica is unhealthy.
 * {@code tcp} uses port; {@code http} uses port, path and expectStatus; {@code exec} runs command in the container.
 */
public record HealthCheck(
        Type type,
        int port,
        String path,
        int expectStatus,
        List<String> command,
        Duration interval,
        Duration timeout,
        int retries,
        Duration startGrace)
{
    public enum Type
    {
        TCP,
        HTTP,
        EXEC
    }

    public HealthCheck
    {
        requireNonNull(type, "type is null");
        requireNonNull(path, "path is null");
        command = List.copyOf(requireNonNull(command, "command is null"));
        requireNonNull(interval, "interval is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(startGrace, "startGrace is null");
    }
}
