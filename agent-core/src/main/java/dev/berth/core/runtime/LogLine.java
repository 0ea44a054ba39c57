package dev.berth.core.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One line a container wrote, without its trailing newline. */
public record LogLine(Instant time, LogStream stream, String text)
{
    public LogLine
    {
        requireNonNull(time, "time is null");
        requireNonNull(stream, "stream is null");
        requireNonNull(text, "text is null");
    }
}
