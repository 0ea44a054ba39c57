package dev.berth.wsl2.distro;

import static java.util.Objects.requireNonNull;

import dev.berth.core.runtime.ExitStatus;

import java.util.Optional;

/** One look at a container's conmon inside the distro: its recorded exit, or whether the monitor still runs. */
public record MonitorState(Optional<ExitStatus> exit, boolean monitorAlive)
{
    public MonitorState
    {
        requireNonNull(exit, "exit is null");
    }
}
