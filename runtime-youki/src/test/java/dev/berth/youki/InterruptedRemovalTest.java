package dev.berth.youki;

import static dev.berth.core.testing.Eventually.holdsFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.runtime.ContainerRequest;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.testing.Requirements;
import dev.berth.oci.process.ProcessTree;
import dev.berth.oci.state.ContainerPaths;
import dev.berth.oci.state.ContainerStore;
import dev.berth.oci.testing.Specs;
import dev.berth.oci.testing.TestFlavor;
import dev.berth.youki.testing.YoukiHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * An agent killed between create and start leaves a created container under a live conmon; the next agent removes
 * it (recovery, or {@code rm -f}) and then creates a container of the same id (the same service name). Nothing of
 * the first may leak into the second: not its conmon's late exit file, not its pid files. Before the fix the second
 * container was reported EXITED, or its create returned the first one's pid and {@code runc start} failed with
 * "container does not exist" (agent-node's CrashInjectionTest found it).
 */
class InterruptedRemovalTest
{
    @ParameterizedTest
    @EnumSource(value = TestFlavor.class, names = {"RUNC", "CRUN"})
    void aMonitorThatOutlivesTheRemovalIsEndedBeforeTheIdIsReused(TestFlavor flavor)
            throws Exception
    {
        requirements(flavor);
        try (YoukiHarness harness = YoukiHarness.create(flavor)) {
            String id = "ir-monitor-" + flavor.name().toLowerCase(java.util.Locale.ROOT);
            ContainerRequest request = new ContainerRequest(id, Specs.of("again", "sleep", "300"), harness.busybox(), Map.of());
            harness.backend().create(request);
            ContainerPaths paths = new ContainerStore(harness.stateDir()).paths(id);
            long conmon = Long.parseLong(Files.readString(paths.conmonPidFile()).strip());
            // a stopped conmon holds back what a busy one does a moment late: its exit files after the runtime's delete
            signal("STOP", conmon);
            try (YoukiHarness next = YoukiHarness.reopen(flavor, harness.stateDir(), harness.root())) {
                RuntimeBackend backend = next.backend();
                backend.remove(id, true);
                assertThat(ProcessTree.running(conmon)).as("the removed container's conmon %s is gone when remove returns", conmon).isFalse();
                assertThat(paths.directory()).doesNotExist();

                ContainerStatus created = backend.create(request);
                backend.start(id);
                resumeIfRunning(conmon);
                // nothing of the first container's may land late: no exit file appears while the new one runs
                holdsFor(Duration.ofMillis(300), () -> !Files.exists(paths.exitFile()), "no exit file from the first container's conmon");
                ContainerStatus status = backend.state(id);
                assertThat(status.state()).isEqualTo(ContainerState.RUNNING);
                assertThat(status.pid()).isEqualTo(created.pid());
                assertThat(paths.exitFile()).as("no exit file from the first container's conmon").doesNotExist();
                backend.remove(id, true);
            }
            finally {
                resumeIfRunning(conmon);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestFlavor.class, names = {"RUNC", "CRUN"})
    void filesLeftByARemovalCutShortAreNotTakenForTheNextContainers(TestFlavor flavor)
            throws Exception
    {
        requirements(flavor);
        try (YoukiHarness harness = YoukiHarness.create(flavor)) {
            String id = "ir-leftover-" + flavor.name().toLowerCase(java.util.Locale.ROOT);
            ContainerRequest request = new ContainerRequest(id, Specs.of("again", "sleep", "300"), harness.busybox(), Map.of());
            RuntimeBackend backend = harness.backend();
            backend.create(request);
            backend.remove(id, true);
            // what an agent that deleted the record first left when it was killed: the monitor's pid and exit files
            // (pids since reused: the conmon pid names an unrelated process, which must be left alone)
            ContainerPaths paths = new ContainerStore(harness.stateDir()).paths(id);
            Process unrelated = new ProcessBuilder("sleep", "60").start();
            try {
                Files.createDirectories(paths.exitDir());
                Files.writeString(paths.containerPidFile(), "1");
                Files.writeString(paths.conmonPidFile(), Long.toString(unrelated.pid()));
                Files.writeString(paths.exitFile(), "137");

                ContainerStatus created = backend.create(request);
                assertThat(created.pid()).as("the pid of this create, not the leftover file's").isNotEqualTo(OptionalLong.of(1));
                backend.start(id);
                ContainerStatus status = backend.state(id);
                assertThat(status.state()).isEqualTo(ContainerState.RUNNING);
                assertThat(status.pid()).isEqualTo(created.pid());
                assertThat(unrelated.isAlive()).as("a process that merely reuses a leftover pid is not killed").isTrue();
                backend.remove(id, true);
            }
            finally {
                unrelated.destroyForcibly();
            }
        }
    }

    private static void requirements(TestFlavor flavor)
    {
        Requirements.requireRoot();
        Requirements.requireExecutable(flavor == TestFlavor.CRUN ? "crun" : "runc");
        Requirements.requireExecutable("conmon");
    }

    private static void resumeIfRunning(long pid)
            throws IOException, InterruptedException
    {
        if (ProcessTree.running(pid)) {
            signal("CONT", pid);
        }
    }

    private static void signal(String signal, long pid)
            throws IOException, InterruptedException
    {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -%s %s", signal, pid).isZero();
    }
}
