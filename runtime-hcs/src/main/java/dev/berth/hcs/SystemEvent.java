package dev.berth.hcs;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** An event HCS reported for a compute system: its {@code HCS_EVENT_TYPE} and its JSON data, copied out of native memory. */
public record SystemEvent(int type, Optional<String> data)
{
    public SystemEvent
    {
        requireNonNull(data, "data is null");
    }
}
