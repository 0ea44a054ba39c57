package dev.berth.youki;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.youki.monitor.ConmonMonitor;
import dev.berth.youki.oci.OciState;
import dev.berth.youki.state.ContainerPaths;
import dev.berth.youki.state.ContainerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** A listing reads a monitored running container from disk; only an ambiguous record costs a runtime {@code state}. */
class ContainerStatesTest
{
    private static final ContainerRecord STARTED = new ContainerRecord("c1", "web", "busybox:test", Instant.EPOCH,
            Optional.of(Instant.EPOCH), Map.of(), Optional.empty());

    @TempDir
    Path dir;

    private final AtomicInteger runtimeCalls = new AtomicInteger();
    private final Supplier<OciState> runtime = () -> {
        runtimeCalls.incrementAndGet();
        return new OciState("1.0.2", "c1", "running", 4242, "/bundle", Map.of());
    };

    @Test
    void monitoredRunningContainerIsListedWithoutTheRuntime()
    {
        ContainerStatus status = ContainerStates.listed(STARTED, Optional::empty, () -> OptionalLong.of(77), runtime, "youki");

        assertThat(status.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(status.pid()).hasValue(77);
        assertThat(runtimeCalls).hasValue(0);
    }

    @Test
    void containerWithoutALiveMonitorAsksTheRuntime()
    {
        ContainerStatus status = ContainerStates.listed(STARTED, Optional::empty, OptionalLong::empty, runtime, "youki");

        assertThat(status.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(status.pid()).hasValue(4242);
        assertThat(runtimeCalls).hasValue(1);
    }

    @Test
    void createdButNotStartedContainerAsksTheRuntime()
    {
        ContainerRecord created = new ContainerRecord("c1", "web", "busybox:test", Instant.EPOCH, Optional.empty(), Map.of(), Optional.empty());

        ContainerStates.listed(created, Optional::empty, () -> OptionalLong.of(77), runtime, "youki");

        assertThat(runtimeCalls).hasValue(1);
    }

    @Test
    void monitoredPidNeedsALiveConmonAndALiveInit()
            throws IOException
    {
        ContainerPaths paths = new ContainerPaths("c1", dir);
        String self = Long.toString(ProcessHandle.current().pid());
        Files.writeString(paths.containerPidFile(), self);
        assertThat(ConmonMonitor.monitoredPid(paths)).as("no conmon pid file").isEmpty();

        Files.writeString(paths.conmonPidFile(), self);
        assertThat(ConmonMonitor.monitoredPid(paths)).hasValue(ProcessHandle.current().pid());

        Files.writeString(paths.containerPidFile(), "");
        assertThat(ConmonMonitor.monitoredPid(paths)).as("empty container pid file").isEmpty();
    }
}
