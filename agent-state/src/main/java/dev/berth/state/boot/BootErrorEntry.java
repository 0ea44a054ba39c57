package dev.berth.state.boot;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.AgentError;

import java.time.Instant;
import java.util.OptionalInt;

/**
 * The content of a {@code boot-error.json}. {@code stage} is {@link AgentError#stage()}'s wire name, {@code errno}
 * the error's errno where it had one.
 */
public record BootErrorEntry(Instant time, String stage, OptionalInt errno, String message)
{
    public BootErrorEntry
    {
        requireNonNull(time, "time is null");
        requireNonNull(stage, "stage is null");
        requireNonNull(errno, "errno is null");
        requireNonNull(message, "message is null");
    }

    public static BootErrorEntry of(AgentError error)
    {
        return new BootErrorEntry(Instant.now(), error.stage().wireName(), error.errno(), error.getMessage());
    }
}
