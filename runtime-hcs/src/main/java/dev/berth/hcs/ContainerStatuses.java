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
    private final ContainerRecords records;

    ContainerStatuses(HcsClient client, ContainerRecords records)
    {
        this.client = requireNonNull(client, "client is null");
        this.records = requireNonNull(records, "records is null");
    }

    /** Caller holds the container's monitor. */
    ContainerStatus status(TrackedContainer container)
    {
        if (container.record.failure() != null) {
            return failed(container.id);
        }
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

    /** A container whose create or start failed: it never ran, and its record says why. */
    static ContainerStatus failed(String id)
    {
        return new ContainerStatus(id, HcsRuntime.NAME, ContainerState.FAILED, OptionalLong.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * A container known only from its record: its compute system is gone. Unless the record has its exit, it ended
     * with the agent that held its last handle ({@code ShouldTerminateOnLastHandleClosed}): terminated, so 137.
     */
    static ContainerStatus recorded(ContainerRecord record)
    {
        if (record.failure() != null) {
            return failed(record.id());
        }
        ExitStatus exit = ExitStatus.of(record.exitCode() == null ? 137 : record.exitCode());
        return new ContainerStatus(record.id(), HcsRuntime.NAME, ContainerState.EXITED, OptionalLong.empty(), Optional.of(exit), Optional.empty());
    }

    /** Reads the init process's status and keeps its exit once it has one. Caller holds the monitor. */
    void recordExit(TrackedContainer container)
    {
        if (container.init == null) {
            exited(container, 128 + (container.signalled == null ? 15 : container.signalled));
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
            exited(container, 128 + (container.signalled == null ? 15 : container.signalled));
            return;
        }
        if (process.exited()) {
            exited(container, container.signalled != null && container.signalled == 9 ? 137 : (int) process.exitCode());
        }
    }

    /** Keeps the exit, here and in the record, so a later backend instance reports the same code. */
    private void exited(TrackedContainer container, int code)
    {
        container.exit = new ExitStatus(code, false, Optional.of(Instant.now()));
        records.update(container, record -> record.withExit(code));
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
