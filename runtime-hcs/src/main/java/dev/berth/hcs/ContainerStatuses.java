package dev.berth.hcs;

import static java.util.Objects.requireNonNull;

import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.core.runtime.ExitStatus;
import dev.berth.hcs.document.ContainerDocuments;
import dev.berth.hcs.document.ProcessStatus;
import dev.berth.hcs.document.PropertyQuery;
import dev.berth.hcs.document.Properties;
import dev.berth.hcs.error.HcsCallFailed;
import dev.berth.hcs.error.HcsErrors;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A container's status from HCS: its init process's ProcessStatus once started (exited or running, with its pid),
 * else its compute system's Properties State. An exit is kept once seen; a process terminated by berth (signal 9)
 * reports 137, and one whose system vanished with it reports 128 plus the signal berth sent (15 when none).
 */
final class ContainerStatuses
{
    /** The basic properties (Id, SystemType, Owner, State): a PropertyQuery with no extra PropertyTypes. */
    static final String BASIC_QUERY = ContainerDocuments.json(new PropertyQuery(List.of()));

    private final HcsClient client;

    ContainerStatuses(HcsClient client)
    {
        this.client = requireNonNull(client, "client is null");
    }

    /** Caller holds the container's monitor. */
    ContainerStatus status(TrackedContainer container)
    {
        if (container.exit == null && container.init != null) {
            recordExit(container);
        }
        if (container.exit != null) {
            return new ContainerStatus(container.id, HcsRuntime.NAME, ContainerState.EXITED, OptionalLong.empty(), Optional.of(container.exit),
                    Optional.ofNullable(container.startedAt));
        }
        if (container.init != null) {
            return new ContainerStatus(container.id, HcsRuntime.NAME, ContainerState.RUNNING, OptionalLong.of(container.init.pid()), Optional.empty(),
                    Optional.ofNullable(container.startedAt));
        }
        ContainerState state;
        try {
            state = fromSystemState(ContainerDocuments.parse(client.properties(container.system, BASIC_QUERY), Properties.class).state());
        }
        catch (HcsCallFailed e) {
            if (!HcsErrors.gone(e.hresult())) {
                throw HcsErrors.toAgentError(e, HcsErrors.Action.OTHER, container.id, container.service);
            }
            // the system went away under its handle (terminated by someone else): it has exited
            container.systemExited = true;
            recordExit(container);
            return status(container);
        }
        return new ContainerStatus(container.id, HcsRuntime.NAME, state, OptionalLong.empty(), Optional.empty(), Optional.empty());
    }

    /** Reads the init process's status and keeps its exit once it has one. Caller holds the monitor. */
    void recordExit(TrackedContainer container)
    {
        if (container.init == null) {
            container.exit = new ExitStatus(128 + (container.signalled == null ? 15 : container.signalled), false, Optional.of(Instant.now()));
            return;
        }
        ProcessStatus process;
        try {
            process = ContainerDocuments.parse(client.properties(container.init), ProcessStatus.class);
        }
        catch (HcsCallFailed e) {
            if (!container.systemExited && !HcsErrors.gone(e.hresult())) {
                throw HcsErrors.toAgentError(e, HcsErrors.Action.OTHER, container.id, container.service);
            }
            // the system is gone and took the process's status with it
            container.exit = new ExitStatus(128 + (container.signalled == null ? 15 : container.signalled), false, Optional.of(Instant.now()));
            return;
        }
        if (process.exited()) {
            int code = container.signalled != null && container.signalled == 9 ? 137 : (int) process.exitCode();
            container.exit = new ExitStatus(code, false, Optional.of(Instant.now()));
        }
    }

    static ContainerState fromSystemState(String state)
    {
        if (state == null) {
            return ContainerState.UNKNOWN;
        }
        return switch (state) {
            case "Created" -> ContainerState.CREATED;
            case "Running", "Paused" -> ContainerState.RUNNING;
            case "Stopped" -> ContainerState.EXITED;
            default -> ContainerState.UNKNOWN;
        };
    }
}
