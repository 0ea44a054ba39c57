package dev.berth.youki;

import dev.berth.core.error.NotFound;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.core.runtime.ExitStatus;
import dev.berth.youki.oci.OciState;
import dev.berth.youki.state.ContainerRecord;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Maps what is on disk (the record, conmon's exit file) and the runtime's {@code state} onto the core's states.
 * The exit file wins: once conmon wrote it the container has exited with that status, whatever the runtime says.
 */
final class ContainerStates
{
    private static final long STOPPED_GRACE_MILLIS = 1000;

    private ContainerStates() {}

    static ContainerStatus of(ContainerRecord record, Supplier<Optional<ExitStatus>> exit, Supplier<OciState> runtimeState, String backend)
    {
        Optional<ExitStatus> exited = exit.get();
        if (exited.isPresent()) {
            return new ContainerStatus(record.id(), backend, ContainerState.EXITED, OptionalLong.empty(), exited, record.startedAt());
        }
        if (record.failure().isPresent()) {
            return new ContainerStatus(record.id(), backend, ContainerState.FAILED, OptionalLong.empty(), Optional.empty(), record.startedAt());
        }
        OciState state;
        try {
            state = runtimeState.get();
        }
        catch (NotFound e) {
            return new ContainerStatus(record.id(), backend, ContainerState.UNKNOWN, OptionalLong.empty(), exit.get(), record.startedAt());
        }
        if (state.status().equals("stopped")) {
            // conmon writes the exit file a moment after the runtime sees the process gone
            long deadline = System.currentTimeMillis() + STOPPED_GRACE_MILLIS;
            while (exited.isEmpty() && System.currentTimeMillis() < deadline) {
                sleep();
                exited = exit.get();
            }
            return new ContainerStatus(record.id(), backend, ContainerState.EXITED, OptionalLong.empty(), exited, record.startedAt());
        }
        return new ContainerStatus(record.id(), backend, map(state.status()), pid(state), Optional.empty(), record.startedAt());
    }

    /**
     * The state for a listing: a started container with no exit file whose conmon and init process are alive is
     * RUNNING with that pid, read from disk without asking the runtime (recovery lists every container); anything
     * else is decided by {@link #of}.
     */
    static ContainerStatus listed(ContainerRecord record, Supplier<Optional<ExitStatus>> exit, Supplier<OptionalLong> monitoredPid,
            Supplier<OciState> runtimeState, String backend)
    {
        if (record.failure().isEmpty() && record.startedAt().isPresent() && exit.get().isEmpty()) {
            OptionalLong pid = monitoredPid.get();
            if (pid.isPresent()) {
                return new ContainerStatus(record.id(), backend, ContainerState.RUNNING, pid, Optional.empty(), record.startedAt());
            }
        }
        return of(record, exit, runtimeState, backend);
    }

    static ContainerStatus ofRuntimeOnly(OciState state, String backend)
    {
        return new ContainerStatus(state.id(), backend, map(state.status()), pid(state), Optional.empty(), Optional.empty());
    }

    static ContainerState map(String status)
    {
        return switch (status) {
            case "creating", "created" -> ContainerState.CREATED;
            case "running", "paused" -> ContainerState.RUNNING;
            case "stopped" -> ContainerState.EXITED;
            default -> ContainerState.UNKNOWN;
        };
    }

    private static OptionalLong pid(OciState state)
    {
        return state.pid() > 0 && !state.status().equals("stopped") ? OptionalLong.of(state.pid()) : OptionalLong.empty();
    }

    private static void sleep()
    {
        try {
            Thread.sleep(10);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
