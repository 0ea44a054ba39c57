package dev.berth.oci.runtime;

import static java.util.Objects.requireNonNull;

/** One line of the runtime's {@code --log-format json} log: {@code {"level":"error","msg":"...","time":"..."}}. */
public record RuntimeLogEntry(String level, String message, String time)
{
    public RuntimeLogEntry
    {
        requireNonNull(level, "level is null");
        requireNonNull(message, "message is null");
        requireNonNull(time, "time is null");
    }
}
