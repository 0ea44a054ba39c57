package dev.berth.lifecycle;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.OptionalInt;

/** The content of a {@code boot-error.json}: when, at which stage, the errno where known, and the message. */
public record BootError(Instant time, String stage, OptionalInt errno, String message)
{
    public BootError
    {
        requireNonNull(time, "time is null");
        requireNonNull(stage, "stage is null");
        requireNonNull(errno, "errno is null");
        requireNonNull(message, "message is null");
    }
}
