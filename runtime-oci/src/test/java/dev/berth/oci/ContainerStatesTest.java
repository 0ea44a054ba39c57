package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.berth.core.error.Internal;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.core.runtime.ExitStatus;
import dev.berth.oci.monitor.ConmonMonitor;
import dev.berth.oci.monitor.MonitoredInit;
import dev.berth.oci.runtime.OciState;
import dev.berth.oci.state.ContainerPaths;
import dev.berth.oci.state.ContainerRecord;
import dev.berth.oci.state.ContainerStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A started container with a live conmon is answered from disk, as the runtime would answer: running while its init
 * runs, exited once it has died; only what the disk cannot tell costs a runtime {@code state}.
 */
class ContainerStatesTest
{
    private static final ContainerRecord STARTED = new ContainerRecord("c1", "web", "busybox:test", Instant.EPOCH,
            Optional.of(Instant.EPOCH), Map.of(), Optional.empty());
    private static final ExitStatus EXIT_0 = new ExitStatus(0, false, Optional.empty());

    @TempDir
    Path dir;

    private final AtomicInteger runtimeCalls = new AtomicInteger();
    private final Supplier<OciState> runtime = () -> {
        runtimeCalls.incrementAndGet();
        return new OciState("1.0.2", "c1", "running", 4242, "/bundle", Map.of());
    };

    @Test
    void monitoredRunningContainerIsAnsweredWithoutTheRuntime()
    {
        ContainerStatus status = ContainerStates.of(STARTED, Optional::empty, () -> Optional.of(new MonitoredInit(77, true)), runtime, "youki");

        assertThat(status.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(status.pid()).hasValue(77);
        assertThat(runtimeCalls).hasValue(0);
    }

    @Test
    void monitoredInitThatDiedIsExitedWithTheStatusConmonWritesAMomentLater()
    {
        AtomicInteger looks = new AtomicInteger();
        Supplier<Optional<ExitStatus>> exit = () -> looks.incrementAndGet() < 4 ? Optional.empty() : Optional.of(EXIT_0);

        ContainerStatus status = ContainerStates.of(STARTED, exit, () -> Optional.of(new MonitoredInit(77, false)), runtime, "youki");

        assertThat(status.state()).isEqualTo(ContainerState.EXITED);
        assertThat(status.exit()).contains(EXIT_0);
        assertThat(runtimeCalls).hasValue(0);
    }

    @Test
    void containerWithoutALiveMonitorAsksTheRuntime()
    {
        ContainerStatus status = ContainerStates.of(STARTED, Optional::empty, Optional::empty, runtime, "youki");

        assertThat(status.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(status.pid()).hasValue(4242);
        assertThat(runtimeCalls).hasValue(1);
    }

    @Test
    void createdButNotStartedContainerAsksTheRuntime()
    {
        ContainerRecord created = new ContainerRecord("c1", "web", "busybox:test", Instant.EPOCH, Optional.empty(), Map.of(), Optional.empty());

        ContainerStates.of(created, Optional::empty, () -> Optional.of(new MonitoredInit(77, true)), runtime, "youki");

        assertThat(runtimeCalls).hasValue(1);
    }

    @Test
    void theExitFileAndAFailureNeedNeitherMonitorNorRuntime()
    {
        Supplier<Optional<MonitoredInit>> monitor = () -> {
            throw new AssertionError("monitor asked");
        };
        assertThat(ContainerStates.of(STARTED, () -> Optional.of(EXIT_0), monitor, runtime, "youki").state()).isEqualTo(ContainerState.EXITED);
        assertThat(ContainerStates.of(STARTED.failed("broken"), Optional::empty, monitor, runtime, "youki").state()).isEqualTo(ContainerState.FAILED);
        assertThat(runtimeCalls).hasValue(0);
    }

    @Test
    void monitoredInitNeedsThisContainersConmonRunning()
            throws Exception
    {
        ContainerPaths paths = new ContainerPaths("c1", dir);
        Files.writeString(paths.containerPidFile(), Long.toString(ProcessHandle.current().pid()));
        assertThat(ConmonMonitor.monitoredInit(paths)).as("no conmon pid file").isEmpty();

        Files.writeString(paths.conmonPidFile(), Long.toString(ProcessHandle.current().pid()));
        assertThat(ConmonMonitor.monitoredInit(paths)).as("a live process that is not this container's conmon").isEmpty();

        // a stand-in conmon: its command line names the pid file, as conmon's --conmon-pidfile does
        Process conmon = new ProcessBuilder("sh", "-c", "sleep 60; true", paths.conmonPidFile().toString()).start();
        try {
            Files.writeString(paths.conmonPidFile(), Long.toString(conmon.pid()));
            assertThat(ConmonMonitor.monitoredInit(paths)).contains(new MonitoredInit(ProcessHandle.current().pid(), true));

            Files.writeString(paths.containerPidFile(), "");
            assertThat(ConmonMonitor.monitoredInit(paths)).as("empty container pid file").isEmpty();
        }
        finally {
            conmon.destroyForcibly();
            conmon.waitFor();
        }
        Files.writeString(paths.containerPidFile(), Long.toString(ProcessHandle.current().pid()));
        assertThat(ConmonMonitor.monitoredInit(paths)).as("conmon gone").isEmpty();
    }

    @Test
    void aListingTakesRecordsAndTheRuntimesListAndKeepsAnUnreadableContainerAsUnknown()
    {
        ContainerStore store = new ContainerStore(dir.resolve("state"));
        store.save(STARTED);
        store.save(new ContainerRecord("c2", "web", "busybox:test", Instant.EPOCH, Optional.of(Instant.EPOCH), Map.of(), Optional.empty()));
        store.save(new ContainerRecord("c3", "web", "busybox:test", Instant.EPOCH, Optional.empty(), Map.of(), Optional.of("create failed")));
        List<OciState> listed = List.of(new OciState("1.0.2", "c1", "running", 4242, "/b", Map.of()),
                new OciState("1.0.2", "stray", "created", 99, "/b", Map.of()));
        Function<String, Optional<ExitStatus>> exit = id -> {
            if (id.equals("c2")) {
                throw new Internal("exit file of c2 is unreadable");
            }
            return Optional.empty();
        };

        List<ContainerStatus> statuses = ContainerStates.list(store, listed, exit, id -> Optional.empty(), "youki");

        assertThat(statuses).extracting(ContainerStatus::id, ContainerStatus::state, ContainerStatus::pid).containsExactlyInAnyOrder(
                tuple("c1", ContainerState.RUNNING, OptionalLong.of(4242)),
                tuple("c2", ContainerState.UNKNOWN, OptionalLong.empty()),
                tuple("c3", ContainerState.FAILED, OptionalLong.empty()),
                tuple("stray", ContainerState.CREATED, OptionalLong.of(99)));
    }
}
