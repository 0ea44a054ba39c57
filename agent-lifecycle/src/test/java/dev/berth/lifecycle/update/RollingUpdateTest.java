package dev.berth.lifecycle.update;

import static dev.berth.lifecycle.testing.LifecycleHarness.documents;
import static dev.berth.lifecycle.testing.LifecycleHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.event.AgentEvent;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ExecResult;
import dev.berth.lifecycle.DeployResult;
import dev.berth.lifecycle.ServiceView;
import dev.berth.lifecycle.testing.LifecycleHarness;
import dev.berth.lifecycle.testing.TestingLifecycleBackend;
import dev.berth.state.ContainerRecord;
import dev.berth.state.Rollout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

class RollingUpdateTest
{
    private static final String V1 = "- {name: web, image: busybox:test, args: [sleep], replicas: 3, update: {healthy: 200ms}}";

    @TempDir
    Path dataDir;

    private TestingLifecycleBackend backend;
    private LifecycleHarness harness;
    /** How many of web's replicas the store had running at each event, sampled on the publishing thread. */
    private final List<Long> running = new CopyOnWriteArrayList<>();

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
    void aChangedSpecReplacesOneReplicaAtATimeEachAfterTheLastIsHealthy()
    {
        deployAndSample(V1);
        DeployResult result = harness.manager().deploy(documents(V1.replace("args: [sleep]", "args: [sleep], env: {A: b}")));

        assertThat(result.outcomes().get(0).error()).isEmpty();
        assertThat(result.outcomes().get(0).removed()).isEqualTo(3);
        assertThat(running).as("replicas running at each event of the update").isNotEmpty().allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(2));
        // the next old replica stops only once the new one before it has run for update.healthy
        for (int replica = 1; replica < 3; replica++) {
            AgentEvent started = last("container.start", "web." + replica);
            AgentEvent nextRemoved = last("container.remove", "web." + (replica + 1));
            assertThat(Duration.between(started.time(), nextRemoved.time())).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
        for (int replica = 1; replica <= 3; replica++) {
            List<String> calls = backend.calls();
            assertThat(calls.indexOf("stop:web." + replica)).as("old web.%d stopped gracefully before its removal", replica)
                    .isGreaterThanOrEqualTo(0).isLessThan(calls.indexOf("remove:web." + replica));
        }
        Rollout rollout = harness.store().rollout("web").orElseThrow();
        assertThat(rollout.state()).isEqualTo(Rollout.State.DONE);
        assertThat(rollout.replaced()).isEqualTo(3);
        assertThat(view().revision()).isEqualTo(2);
        assertThat(view().update().orElseThrow().progress()).isEqualTo("3 of 3 replaced");
        assertThat(harness.eventTypes("web")).containsSubsequence("service.update", "service.update-progress", "service.update-progress",
                "service.update-progress", "service.update-done");
    }

    @Test
    void aScaleAloneOrAChangedUpdateBlockReplacesNothing()
    {
        deployAndSample(V1);
        harness.manager().deploy(documents(V1.replace("replicas: 3", "replicas: 4").replace("healthy: 200ms", "healthy: 1s")));
        assertThat(backend.count("create", "web.1")).isEqualTo(1);
        assertThat(backend.count("create", "web.4")).isEqualTo(1);
        assertThat(harness.store().rollout("web")).isEmpty();
    }

    @Test
    void aNewReplicaThatExitsRollsTheServiceBackWithTheOldOnesNeverAllDown()
    {
        deployAndSample(V1);
        DeployResult result = harness.manager().deploy(documents(V1.replace("args: [sleep]", "args: [exit, \"1\"]")));

        assertThat(result.outcomes().get(0).error()).hasValueSatisfying(error -> assertThat(error.getMessage()).contains("web.1").contains("code 1"));
        Rollout rollout = harness.store().rollout("web").orElseThrow();
        assertThat(rollout.state()).isEqualTo(Rollout.State.ROLLED_BACK);
        assertThat(rollout.reason()).contains("revision 2 failed").contains("web.1");
        assertThat(harness.store().service("web").orElseThrow().document()).doesNotContain("exit");
        assertThat(harness.store().revision("web", 1).orElseThrow().document()).doesNotContain("exit");
        assertThat(harness.store().revision("web", 2).orElseThrow().document()).contains("exit");
        assertThat(backend.count("create", "web.2")).as("the update stopped at the first replica").isEqualTo(1);
        assertThat(backend.count("create", "web.1")).as("old, new, old again").isEqualTo(3);
        assertThat(running).allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(2));
        eventually(Duration.ofSeconds(5), () -> harness.store().containersOf("web").stream().allMatch(r -> r.state() == ContainerState.RUNNING),
                "every replica runs the old spec again");
        assertThat(view().revision()).isEqualTo(1);
        assertThat(view().update().orElseThrow().state()).isEqualTo("rolled-back");
        assertThat(harness.events()).anySatisfy(event -> {
            assertThat(event.type()).isEqualTo("service.rollback");
            assertThat(event.attributes().get("reason")).contains("exited unexpectedly");
        });
    }

    @Test
    void aFailingHealthCheckWithOnFailurePauseStopsTheUpdateWhereItIs()
    {
        deployAndSample(V1);
        backend.execAnswer("web.", new ExecResult(1, "", "down"));
        DeployResult result = harness.manager().deploy(documents(V1.replace("update: {healthy: 200ms}",
                "update: {onFailure: pause}, health: {type: exec, command: [check], interval: 20ms, retries: 1}")));

        assertThat(result.outcomes().get(0).error()).isPresent();
        Rollout rollout = harness.store().rollout("web").orElseThrow();
        assertThat(rollout.state()).isEqualTo(Rollout.State.PAUSED);
        assertThat(rollout.reason()).contains("health check");
        assertThat(rollout.replicas()).containsOnlyKeys(1);
        assertThat(backend.count("create", "web.1")).isEqualTo(2);
        assertThat(backend.count("create", "web.2")).isEqualTo(1);
        assertThat(view().update().orElseThrow().state()).isEqualTo("paused");
        assertThat(harness.eventTypes("web")).contains("service.update-paused").doesNotContain("service.rollback");
    }

    @Test
    void anAgentStoppedDuringAnUpdateRollsItBackWhenItStartsAgain()
    {
        deployAndSample(V1);
        backend.execAnswer("web.", new ExecResult(1, "", "starting"));
        Thread update = new Thread(() -> {
            try {
                harness.manager().deploy(documents(V1.replace("update: {healthy: 200ms}",
                        "update: {deadline: 1h}, health: {type: exec, command: [check], interval: 50ms, retries: 1000}")));
            }
            catch (RuntimeException e) {
                // the store closed under it: what the agent killed mid-update would never see
            }
        });
        update.start();
        eventually(Duration.ofSeconds(5), () -> harness.store().rollout("web").map(r -> r.replicas().containsKey(1)).orElse(false)
                && harness.store().container("web.1").map(r -> r.state() == ContainerState.RUNNING).orElse(false), "the new web.1 runs");
        harness.restartAgent();

        eventually(Duration.ofSeconds(10), () -> harness.store().rollout("web").map(r -> r.state() == Rollout.State.ROLLED_BACK).orElse(false),
                "the unfinished update is rolled back");
        Rollout rollout = harness.store().rollout("web").orElseThrow();
        assertThat(rollout.replicas()).as("every replica on revision 1").isEmpty();
        assertThat(rollout.reason()).contains("the agent stopped during the update to revision 2");
        assertThat(harness.store().service("web").orElseThrow().document()).doesNotContain("\"health\":");
        List<ContainerRecord> replicas = harness.store().containersOf("web");
        assertThat(replicas).hasSize(3).allSatisfy(record -> assertThat(record.state()).isEqualTo(ContainerState.RUNNING));
        assertThat(backend.count("create", "web.1")).as("old, new, old again").isEqualTo(3);
        assertThat(backend.count("create", "web.2")).isEqualTo(1);
    }

    private void deployAndSample(String yaml)
    {
        harness.manager().deploy(documents(yaml));
        harness.onEvent(event -> running.add(harness.store().containersOf("web").stream().filter(r -> r.state() == ContainerState.RUNNING).count()));
    }

    private AgentEvent last(String type, String subject)
    {
        return harness.events().stream().filter(event -> event.type().equals(type) && event.subject().equals(subject))
                .reduce((first, second) -> second).orElseThrow(() -> new AssertionError("no " + type + " of " + subject));
    }

    private ServiceView view()
    {
        return harness.manager().services().stream().filter(service -> service.name().equals("web")).findFirst().orElseThrow();
    }
}
