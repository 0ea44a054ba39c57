package dev.berth.core.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/** A backend's view of one container. */
public record ContainerStatus(
        String id,
        String backend,
        ContainerState state,
        OptionalLong pid,
        Optional<ExitStatus> exit,
        Optional<Instant> startedAt)
{
    public ContainerStatus
    {
        requireNonNull(id, "id is null");
        requireNonNull(backend, "backend is null");
        requireNonNull(state, "state is null");
        requireNonNull(pid, "pid is null");
        requireNonNull(exit, "exit is null");
        requireNonNull(startedAt, "startedAt is null");
    }
}
