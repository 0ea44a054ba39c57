package dev.berth.lifecycle.recovery;

import static dev.berth.lifecycle.testing.LifecycleHarness.document;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.GpuSharingUnavailable;
import dev.berth.core.event.AgentEvent;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.spec.GpuSharing;
import dev.berth.gpu.assign.GpuAssigner;
import dev.berth.gpu.assign.GpuAssignment;
import dev.berth.gpu.config.GpuConfig;
import dev.berth.gpu.host.LocalHostView;
import dev.berth.lifecycle.ContainerView;
import dev.berth.lifecycle.testing.LifecycleHarness;
import dev.berth.lifecycle.testing.TestingLifecycleBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * GPU assignments across an agent restart, over a fake host tree (a temp dir standing in for {@code /}: CDI specs in
 * {@code /etc/cdi}, device nodes as links to {@code /dev/null}): the held GPU is still refused to a newcomer, and a
 * device gone while the agent was down is reported, never a reason to stop the container.
 */
class GpuRecoveryTest
{
    private static final String CDI = """
            {"cdiVersion": "0.6.0", "kind": "nvidia.com/gpu",
             "devices": [
               {"name": "0", "containerEdits": {"deviceNodes": [{"path": "/dev/nvidia0", "type": "c", "major": 195, "minor": 0}]}},
               {"name": "1", "containerEdits": {"deviceNodes": [{"path": "/dev/nvidia1", "type": "c", "major": 195, "minor": 1}]}}],
             "containerEdits": {"deviceNodes": [{"path": "/dev/nvidiactl", "type": "c", "major": 195, "minor": 255}]}}
            """;
    private static final String TRAINER = "{name: trainer, image: busybox:test, args: [sleep], resources: {gpu: {count: 1}}}";

    @TempDir
    Path dataDir;
    @TempDir
    Path hostRoot;

    private TestingLifecycleBackend backend;
    private LifecycleHarness harness;

    @BeforeEach
    void setUp()
            throws IOException
    {
        Files.createDirectories(hostRoot.resolve("etc/cdi"));
        Files.writeString(hostRoot.resolve("etc/cdi/nvidia.json"), CDI);
        Files.createDirectories(hostRoot.resolve("dev"));
        for (String node : List.of("nvidia0", "nvidia1", "nvidiactl")) {
            Files.createSymbolicLink(hostRoot.resolve("dev").resolve(node), Path.of("/dev/null"));
        }
        backend = new TestingLifecycleBackend();
        GpuAssigner gpus = new GpuAssigner(LocalHostView.ofRoot(hostRoot), GpuConfig.DEFAULTS, Clock.systemUTC());
        harness = new LifecycleHarness(dataDir, backend, LifecycleHarness.FAST, Optional.of(gpus));
    }

    @AfterEach
    void tearDown()
    {
        harness.close();
    }

    @Test
    void theAssignmentIsInTheRecordAndAGpuHeldByARecoveredContainerIsRefusedToANewOne()
    {
        ContainerView trainer = harness.manager().run(document(TRAINER));
        assertThat(trainer.gpu()).get().satisfies(gpu -> {
            assertThat(gpu.sharing()).isEqualTo(GpuSharing.EXCLUSIVE);
            assertThat(gpu.gpus()).containsExactly("0");
            assertThat(gpu.deviceNodes()).containsExactly("/dev/nvidia0", "/dev/nvidiactl");
            assertThat(gpu.missing()).isEmpty();
        });

        harness.restartAgent();
        assertThat(harness.manager().lastRecovery().adopted()).containsExactly("trainer.1");

        assertThatThrownBy(() -> harness.manager().run(document("{name: second, image: busybox:test, args: [sleep], resources: {gpu: {count: 1}}}")))
                .isInstanceOfSatisfying(GpuSharingUnavailable.class, refused -> assertThat(refused.reason())
                        .contains("GPU 0").contains("held exclusively by container 'trainer.1'"));
        assertThat(backend.calls()).as("refused before its create").doesNotContain("create:second.1");
        assertThat(harness.manager().inspect("second.1").state()).isEqualTo(ContainerState.FAILED);

        ContainerView other = harness.manager().run(document("{name: other, image: busybox:test, args: [sleep], resources: {gpu: {ids: [\"1\"]}}}"));
        assertThat(other.state()).as("the other GPU is free").isEqualTo(ContainerState.RUNNING);
        assertThat(harness.manager().inspect("trainer.1").state()).isEqualTo(ContainerState.RUNNING);
    }

    @Test
    void aDeviceGoneWhileTheAgentWasDownIsReportedAndTheContainerKeepsRunning()
            throws IOException
    {
        ContainerView trainer = harness.manager().run(document(TRAINER));
        harness.stopAgent();
        Files.delete(hostRoot.resolve("dev/nvidia0"));
        harness.startAgent();

        assertThat(harness.manager().lastRecovery().adopted()).containsExactly("trainer.1");
        ContainerView after = harness.manager().inspect("trainer.1");
        assertThat(after.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(after.pid()).isEqualTo(trainer.pid());
        assertThat(after.gpu().map(GpuAssignment::missing).orElseThrow()).singleElement().asString()
                .contains("device /dev/nvidia0 is gone");
        assertThat(backend.calls()).filteredOn(call -> call.endsWith(":trainer.1"))
                .as("never stopped, killed or started again").noneMatch(call -> call.startsWith("stop:") || call.startsWith("kill:")
                        || call.startsWith("remove:")).filteredOn(call -> call.startsWith("start:")).hasSize(1);
        AgentEvent missing = harness.events().stream().filter(event -> event.type().equals("container.gpu-missing")).findFirst().orElseThrow();
        assertThat(missing.subject()).isEqualTo("trainer.1");
        assertThat(missing.attributes().get("missing")).contains("/dev/nvidia0");
    }
}
