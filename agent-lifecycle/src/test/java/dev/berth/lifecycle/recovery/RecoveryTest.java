package dev.berth.lifecycle.recovery;

import static dev.berth.lifecycle.testing.LifecycleHarness.document;
import static dev.berth.lifecycle.testing.LifecycleHarness.documents;
import static dev.berth.lifecycle.testing.LifecycleHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.error.UnexpectedExit;
import dev.berth.core.runtime.ContainerRequest;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ImageConfig;
import dev.berth.core.runtime.ImagePlatform;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.lifecycle.ContainerView;
import dev.berth.lifecycle.RecoveryReport;
import dev.berth.lifecycle.testing.LifecycleHarness;
import dev.berth.lifecycle.testing.TestingLifecycleBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

class RecoveryTest
{
    @TempDir
    Path dataDir;

    private TestingLifecycleBackend backend;
    private LifecycleHarness harness;

    @BeforeEach
    void setUp()
    {
        backend = new TestingLifecycleBackend();
        harness = new LifecycleHarness(dataDir, backend, LifecycleHarness.FAST);
    }

    @AfterEach
    void tearDown()
    {
        harness.close();
    }

    @Test
    void runningContainersAreAdoptedWithoutRestart()
    {
        harness.manager().deploy(documents("- {name: web, image: busybox:test, args: [sleep], replicas: 20, restart: always}"));
        List<ContainerView> before = harness.manager().containers();
        harness.restartAgent();

        RecoveryReport report = harness.manager().lastRecovery();
        assertThat(report.adopted()).hasSize(20);
        assertThat(report.restarted()).isEmpty();
        assertThat(report.orphans()).isEmpty();
        List<ContainerView> after = harness.manager().containers();
        assertThat(after).extracting(ContainerView::pid).isEqualTo(before.stream().map(ContainerView::pid).toList());
        assertThat(after).allSatisfy(view -> assertThat(view.state()).isEqualTo(ContainerState.RUNNING));
        assertThat(backend.calls()).filteredOn(call -> call.startsWith("start:")).hasSize(20);
        assertThat(harness.eventTypes("web.1")).contains("container.adopt");
    }

    @Test
    void exitWhileTheAgentWasDownIsCollected()
    {
        harness.manager().run(document("{name: job, image: busybox:test, args: [sleep]}"));
        harness.stopAgent();
        backend.crash("job.1", 7, false);
        harness.startAgent();

        RecoveryReport report = harness.manager().lastRecovery();
        assertThat(report.exited()).containsExactly("job.1");
        assertThat(report.failed()).containsExactly("job.1");
        ContainerView view = harness.manager().inspect("job");
        assertThat(view.exitCode()).hasValue(7);
        assertThat(view.state()).isEqualTo(ContainerState.FAILED);
        assertThat(view.failure()).get().isInstanceOf(UnexpectedExit.class);
    }

    @Test
    void exitWhileDownIsRestartedWhenThePolicySaysSo()
    {
        harness.manager().deploy(documents("- {name: web, image: busybox:test, args: [sleep], restart: {policy: always, backoff: {initial: 10ms, max: 10ms}}}"));
        harness.stopAgent();
        backend.crash("web.1", 1, false);
        harness.startAgent();

        assertThat(harness.manager().lastRecovery().restarted()).containsExactly("web.1");
        eventually(Duration.ofSeconds(10), () -> harness.manager().inspect("web").state() == ContainerState.RUNNING
                && harness.manager().inspect("web").restarts() == 1, "web restarted");
    }

    @Test
    void orphansAreReportedAndKeptUnlessConfigured()
    {
        PulledImage image = new PulledImage("busybox:test", "sha256:1", ImagePlatform.of("linux", "amd64"), ImageConfig.EMPTY);
        backend.create(new ContainerRequest("stray", ServiceSpec.of("stray", "busybox:test", List.of("sleep")), image, Map.of()));
        harness.restartAgent();
        assertThat(harness.manager().lastRecovery().orphans()).containsExactly("stray");
        assertThat(backend.list()).extracting(status -> status.id()).contains("stray");
        harness.close();

        harness = new LifecycleHarness(dataDir, backend, LifecycleHarness.FAST.with("lifecycle.remove-orphans", "true"));
        assertThat(harness.manager().lastRecovery().orphans()).containsExactly("stray");
        assertThat(backend.list()).extracting(status -> status.id()).doesNotContain("stray");
    }

    @Test
    void restartPendingWhenTheAgentStoppedResumes()
    {
        harness.manager().deploy(documents("- {name: web, image: busybox:test, args: [exit, \"1\"], restart: {policy: always, backoff: {initial: 400ms, max: 400ms}}}"));
        eventually(Duration.ofSeconds(10), () -> harness.manager().inspect("web").state() == ContainerState.RESTARTING, "restart pending");
        harness.restartAgent();
        assertThat(harness.manager().lastRecovery().restarted()).containsExactly("web.1");
        eventually(Duration.ofSeconds(10), () -> harness.manager().inspect("web").restarts() >= 1, "the pending restart happened");
    }
}
