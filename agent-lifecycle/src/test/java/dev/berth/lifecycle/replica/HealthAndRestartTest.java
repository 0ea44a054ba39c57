package dev.berth.lifecycle.replica;

import static dev.berth.lifecycle.testing.LifecycleHarness.document;
import static dev.berth.lifecycle.testing.LifecycleHarness.documents;
import static dev.berth.lifecycle.testing.LifecycleHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.error.HealthCheckFailed;
import dev.berth.core.error.UnexpectedExit;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ExecResult;
import dev.berth.lifecycle.ContainerView;
import dev.berth.lifecycle.HealthState;
import dev.berth.lifecycle.diagnose.TimeoutEvidence;
import dev.berth.lifecycle.testing.LifecycleHarness;
import dev.berth.lifecycle.testing.TestingLifecycleBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

class HealthAndRestartTest
{
    private static final Duration WAIT = Duration.ofSeconds(10);

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
    void healthShowsInTheViewAndEveryChangeIsAnEvent()
    {
        harness.manager().deploy(documents("- {name: web, image: busybox:test, args: [sleep], health: {type: exec, command: [check], interval: 30ms, retries: 2}}"));
        eventually(WAIT, () -> harness.manager().inspect("web").health() == HealthState.HEALTHY, "web healthy");

        backend.execAnswer("web.", new ExecResult(1, "", "boom"));
        eventually(WAIT, () -> harness.manager().inspect("web").health() == HealthState.UNHEALTHY, "web unhealthy");
        ContainerView view = harness.manager().inspect("web");
        assertThat(view.state()).as("restart policy no: it keeps running, unhealthy").isEqualTo(ContainerState.RUNNING);
        assertThat(view.failure()).get().isInstanceOfSatisfying(HealthCheckFailed.class,
                error -> assertThat(error.reason()).contains("2 consecutive failures").contains("exited 1: boom"));
        // the event follows the store write
        eventually(WAIT, () -> harness.events().stream().filter(event -> event.type().equals("container.health")).count() == 2, "two health events");
        assertThat(harness.events().stream().filter(event -> event.type().equals("container.health")).map(event -> event.attributes().get("health")))
                .containsExactly("healthy", "unhealthy");
    }

    @Test
    void healthFailureLeadsToARestart()
    {
        backend.execAnswer("web.", new ExecResult(1, "", "down"));
        harness.manager().deploy(documents("""
                - name: web
                  image: busybox:test
                  args: [sleep]
                  health: {type: exec, command: [check], interval: 30ms, retries: 2}
                  restart: {policy: always, backoff: {initial: 20ms, max: 40ms}}
                """));
        eventually(WAIT, () -> backend.count("create", "web.1") >= 2, "web.1 created again after going unhealthy");

        assertThat(backend.count("stop", "web.1")).isGreaterThanOrEqualTo(1);
        assertThat(harness.eventTypes("web.1")).contains("container.health", "container.restart-scheduled", "container.restart");
        eventually(WAIT, () -> harness.manager().inspect("web").restarts() >= 1, "restart counted");
        ContainerView view = harness.manager().inspect("web");
        assertThat(view.failure()).get().isInstanceOf(HealthCheckFailed.class);
        assertThat(TimeoutEvidence.in(view.failure().get())).as("decoded from the store, evidence travels as text").isEmpty();
    }

    @Test
    void crashLoopBackOffIsEntered()
    {
        harness.manager().deploy(documents("""
                - name: web
                  image: busybox:test
                  args: [exit, "1"]
                  restart: {policy: always, backoff: {initial: 10ms, max: 20ms}, crashLoop: {restarts: 3, window: 1m, delay: 1h}}
                """));
        eventually(WAIT, () -> harness.manager().inspect("web").state() == ContainerState.CRASH_LOOP_BACKOFF, "crash loop");

        ContainerView view = harness.manager().inspect("web");
        assertThat(view.restarts()).isEqualTo(3);
        assertThat(view.exitCode()).hasValue(1);
        assertThat(harness.store().container("web.1").orElseThrow().nextRestartAt()).get()
                .satisfies(at -> assertThat(Duration.between(java.time.Instant.now(), at)).isGreaterThan(Duration.ofMinutes(59)));
        assertThat(harness.eventTypes("web.1")).contains("container.crash-loop");
    }

    @Test
    void exitThatNoPolicyRestartsIsUnexpectedExitWithCodeAndOom()
    {
        harness.manager().run(document("{name: job, image: busybox:test, args: [sleep]}"));
        backend.crash("job.1", 137, true);
        eventually(WAIT, () -> harness.manager().inspect("job").state() == ContainerState.FAILED, "job failed");

        ContainerView view = harness.manager().inspect("job");
        assertThat(view.exitCode()).hasValue(137);
        assertThat(view.oomKilled()).isTrue();
        assertThat(view.failure()).get().isInstanceOfSatisfying(UnexpectedExit.class, error -> assertThat(error.exitCode()).isEqualTo(137));
        assertThat(backend.count("create", "job.1")).isEqualTo(1);
    }

    @Test
    void cleanExitIsExitedWithoutFailure()
    {
        ContainerView view = harness.manager().run(document("{name: job, image: busybox:test, args: [exit, \"0\"]}"));
        assertThat(view.state()).isEqualTo(ContainerState.EXITED);
        assertThat(view.exitCode()).hasValue(0);
        assertThat(view.failure()).isEmpty();
    }

    @Test
    void onFailureGivesUpAfterMaxAttempts()
    {
        harness.manager().deploy(documents("""
                - name: job
                  image: busybox:test
                  args: [exit-after, "20", "3"]
                  restart: {policy: on-failure, maxAttempts: 2, backoff: {initial: 10ms, max: 10ms}}
                """));
        eventually(WAIT, () -> harness.manager().inspect("job").state() == ContainerState.FAILED, "job failed for good");
        assertThat(harness.manager().inspect("job").restarts()).isEqualTo(2);
        assertThat(backend.count("create", "job.1")).isEqualTo(3);
    }

    @Test
    void userStopIsNeverRestarted()
    {
        harness.manager().deploy(documents("""
                - {name: web, image: busybox:test, args: [sleep], restart: always}
                - {name: canary, image: busybox:test, args: [sleep]}
                """));
        assertThat(harness.manager().stop("web", java.util.Optional.empty())).singleElement()
                .satisfies(view -> assertThat(view.state()).isEqualTo(ContainerState.EXITED));
        // the monitor has run since the stop once it noticed the canary's crash
        backend.crash("canary.1", 9, false);
        eventually(WAIT, () -> harness.manager().inspect("canary").state() == ContainerState.FAILED, "monitor ran");
        assertThat(harness.manager().inspect("web").state()).isEqualTo(ContainerState.EXITED);
        assertThat(harness.manager().inspect("web").exitCode()).hasValue(143);
        assertThat(backend.count("create", "web.1")).isEqualTo(1);
    }
}
