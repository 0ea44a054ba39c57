package dev.berth.oci;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.NotFound;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.core.runtime.ExitStatus;
import dev.berth.oci.monitor.MonitoredInit;
import dev.berth.oci.runtime.OciState;
import dev.berth.oci.state.ContainerRecord;
import dev.berth.oci.state.ContainerStore;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Maps what is on disk (the record, conmon's exit file, its pid files) and the runtime's {@code state} onto the core's
 * states. The exit file wins: once conmon wrote it the container has exited with that status, whatever the runtime
 * says. A started container whose conmon is alive is answered from disk too, as the runtime would: RUNNING while its
 * init process runs, stopped once it has died. The runtime is asked only when the disk cannot tell (not started, no
 * live conmon).
 */
public final class ContainerStates
{
    private static final Logger log = LogManager.getLogger(ContainerStates.class);
    private static final long STOPPED_GRACE_MILLIS = 1000;

    private ContainerStates() {}

    public static ContainerStatus of(ContainerRecord record, Supplier<Optional<ExitStatus>> exit, Supplier<Optional<MonitoredInit>> monitored,
            Supplier<OciState> runtimeState, String backend)
    {
        Optional<ExitStatus> exited = exit.get();
        if (exited.isPresent()) {
            return new ContainerStatus(record.id(), backend, ContainerState.EXITED, OptionalLong.empty(), exited, record.startedAt());
        }
        if (record.failure().isPresent()) {
            return new ContainerStatus(record.id(), backend, ContainerState.FAILED, OptionalLong.empty(), Optional.empty(), record.startedAt());
        }
        if (record.startedAt().isPresent()) {
            Optional<MonitoredInit> init = monitored.get();
            if (init.isPresent()) {
                return init.get().running()
                        ? new ContainerStatus(record.id(), backend, ContainerState.RUNNING, OptionalLong.of(init.get().pid()), Optional.empty(), record.startedAt())
                        : stopped(record, exit, backend);
            }
        }
        OciState state;
        try {
            state = runtimeState.get();
        }
        catch (NotFound e) {
            return new ContainerStatus(record.id(), backend, ContainerState.UNKNOWN, OptionalLong.empty(), exit.get(), record.startedAt());
        }
        if (state.status().equals("stopped")) {
            return stopped(record, exit, backend);
        }
        return new ContainerStatus(record.id(), backend, map(state.status()), pid(state), Optional.empty(), record.startedAt());
    }

    /**
     * The init process is gone: conmon writes the exit file a moment later, so give it that moment, looking less often
     * as it goes on (a look is a process in the WSL2 distro).
     */
    private static ContainerStatus stopped(ContainerRecord record, Supplier<Optional<ExitStatus>> exit, String backend)
    {
        Optional<ExitStatus> exited = exit.get();
        long deadline = System.currentTimeMillis() + STOPPED_GRACE_MILLIS;
        long pause = 10;
        while (exited.isEmpty() && System.currentTimeMillis() < deadline) {
            sleep(pause);
            pause = Math.min(pause * 2, 100);
            exited = exit.get();
        }
        return new ContainerStatus(record.id(), backend, ContainerState.EXITED, OptionalLong.empty(), exited, record.startedAt());
    }

    public static ContainerStatus ofRuntimeOnly(OciState state, String backend)
    {
        return new ContainerStatus(state.id(), backend, map(state.status()), pid(state), Optional.empty(), Optional.empty());
    }

    /**
     * Every container a backend knows, records first so none is missed, answered with one runtime {@code list} however
     * many there are. One container whose state cannot be read is listed UNKNOWN rather than hiding the others from
     * recovery.
     */
    public static List<ContainerStatus> list(ContainerStore store, List<OciState> listedStates, Function<String, Optional<ExitStatus>> exit,
            Function<String, Optional<MonitoredInit>> monitored, String backend)
    {
        Map<String, OciState> listed = new LinkedHashMap<>();
        listedStates.forEach(state -> listed.put(state.id(), state));
        Set<String> ids = new LinkedHashSet<>(store.ids());
        ids.addAll(listed.keySet());
        return ids.stream().flatMap(id -> {
            try {
                Optional<ContainerRecord> record = store.load(id);
                if (record.isEmpty()) {
                    OciState state = listed.get(id);
                    return state == null ? Stream.empty() : Stream.of(ofRuntimeOnly(state, backend));
                }
                return Stream.of(of(record.get(), () -> exit.apply(id), () -> monitored.apply(id),
                        () -> Optional.ofNullable(listed.get(id)).orElseThrow(() -> new NotFound(id, "not in the runtime's list")), backend));
            }
            catch (NotFound e) {
                return Stream.empty();
            }
            catch (AgentError e) {
                log.warn("cannot read the state of container {}: {}", id, e.getMessage());
                return Stream.of(new ContainerStatus(id, backend, ContainerState.UNKNOWN, OptionalLong.empty(), Optional.empty(), Optional.empty()));
            }
        }).toList();
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

    private static void sleep(long millis)
    {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
