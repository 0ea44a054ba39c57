package dev.berth.lifecycle.runc;

import static dev.berth.lifecycle.testing.LifecycleHarness.document;
import static dev.berth.lifecycle.testing.LifecycleHarness.documents;
import static dev.berth.lifecycle.testing.LifecycleHarness.documentsUnchecked;
import static dev.berth.lifecycle.testing.LifecycleHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.berth.core.error.DependencyTimeout;
import dev.berth.core.error.HealthCheckFailed;
import dev.berth.core.error.InitActionFailed;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.core.testing.Requirements;
import dev.berth.lifecycle.ContainerView;
import dev.berth.lifecycle.DeployResult;
import dev.berth.lifecycle.RecoveryReport;
import dev.berth.lifecycle.diagnose.TimeoutEvidence;
import dev.berth.lifecycle.testing.LifecycleHarness;
import dev.berth.oci.testing.TestFlavor;
import dev.berth.youki.testing.YoukiHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The lifecycle over real containers: runc under conmon, busybox rootfs. Needs root, runc and conmon. */
class RuncLifecycleTest
{
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    private YoukiHarness youki;
    private LifecycleHarness harness;

    @BeforeAll
    static void requirements()
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("runc");
        Requirements.requireExecutable("conmon");
    }

    @BeforeEach
    void setUp()
    {
        youki = YoukiHarness.create(TestFlavor.RUNC);
        harness = new LifecycleHarness(dataDir, youki.backend(), LifecycleHarness.FAST.with("lifecycle.monitor-interval", "200ms"));
    }

    @AfterEach
    void tearDown()
    {
        if (harness != null) {
            harness.close();
        }
        if (youki != null) {
            youki.close();
        }
    }

    @Test
    void dependencyOrderIsObserved()
    {
        DeployResult result = harness.manager().deploy(documents("""
                - {name: web, image: busybox:test, args: [sleep, "1000"], depends: [api]}
                - {name: api, image: busybox:test, args: [sleep, "1000"], depends: [{service: db, condition: healthy}]}
                - {name: db, image: busybox:test, args: [sh, -c, "sleep 0.5; touch /tmp/up; sleep 1000"],
                   health: {type: exec, command: [test, -f, /tmp/up], interval: 100ms, retries: 1}}
                """));

        assertThat(result.outcomes()).allSatisfy(outcome -> assertThat(outcome.error()).isEmpty());
        Map<String, ContainerView> views = harness.manager().containers().stream().collect(Collectors.toMap(ContainerView::service, Function.identity()));
        assertThat(views.values()).allSatisfy(view -> assertThat(view.state()).isEqualTo(ContainerState.RUNNING));
        assertThat(views.get("db").started().orElseThrow()).isBefore(views.get("api").started().orElseThrow());
        assertThat(views.get("api").started().orElseThrow()).isBefore(views.get("web").started().orElseThrow());
        // api waited for db's health, which needs db's half-second head start
        assertThat(Duration.between(views.get("db").started().get(), views.get("api").started().get())).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void readyConditionAndTcpInitStepPassAgainstARealListener()
    {
        DeployResult result = harness.manager().deploy(documents("""
                - name: db
                  image: busybox:test
                  args: [sh, -c, "sleep 0.3; exec nc -ll -p 8080 -e true"]
                  ports: ["8080"]
                  init: [{type: tcp, port: 8080, retries: 0, timeout: 5s}]
                - {name: api, image: busybox:test, args: [sleep, "1000"], depends: [{service: db, condition: ready, timeout: 10s}]}
                """));

        assertThat(result.outcomes()).allSatisfy(outcome -> assertThat(outcome.error()).isEmpty());
        assertThat(harness.manager().inspect("db").state()).isEqualTo(ContainerState.RUNNING);
        assertThat(harness.manager().inspect("api").state()).isEqualTo(ContainerState.RUNNING);
    }

    @Test
    void httpInitStepAndHealthCheckAgainstARealServer()
    {
        harness.manager().deploy(documents("""
                - name: web
                  image: busybox:test
                  args: [sh, -c, "mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 8080 -h /www"]
                  stopGrace: 1s
                  init: [{type: http, port: 8080, path: /index.html, expectStatus: 200, retries: 0, timeout: 5s}]
                  health: {type: http, port: 8080, path: /missing, expectStatus: 404, interval: 100ms, retries: 1}
                """));
        eventually(WAIT, () -> harness.manager().inspect("web").health() == dev.berth.lifecycle.HealthState.HEALTHY, "web healthy over http");
        assertThat(harness.manager().inspect("web").state()).isEqualTo(ContainerState.RUNNING);
    }

    @Test
    void cycleIsRejected()
    {
        assertThatThrownBy(() -> harness.manager().deploy(documentsUnchecked("""
                - {name: a, image: busybox:test, depends: [b]}
                - {name: b, image: busybox:test, depends: [a]}
                """))).isInstanceOf(InvalidSpec.class).hasMessageContaining("a -> b -> a");
        assertThat(youki.backend().list()).isEmpty();
    }

    @Test
    void dependencyTimeoutWithEachOnTimeoutPolicy()
    {
        DeployResult result = harness.manager().deploy(documents("""
                - {name: db, image: busybox:test, args: [sleep, "1000"], health: {type: exec, command: [sh, -c, "exit 1"], interval: 100ms, retries: 50}}
                - {name: strict, image: busybox:test, args: [sleep, "1000"], depends: [{service: db, condition: healthy, timeout: 700ms, onTimeout: fail}]}
                - {name: lenient, image: busybox:test, args: [sleep, "1000"], depends: [{service: db, condition: healthy, timeout: 700ms, onTimeout: warn}]}
                - {name: quiet, image: busybox:test, args: [sleep, "1000"], depends: [{service: db, condition: healthy, timeout: 700ms, onTimeout: continue}]}
                """));

        Map<String, DeployResult.Outcome> outcomes = result.outcomes().stream().collect(Collectors.toMap(DeployResult.Outcome::service, Function.identity()));
        assertThat(outcomes.get("strict").error()).get().isInstanceOf(DependencyTimeout.class);
        assertThat(TimeoutEvidence.in(outcomes.get("strict").error().get())).get().satisfies(evidence -> assertThat(evidence.alive()).isTrue());
        assertThat(harness.manager().inspect("strict").state()).isEqualTo(ContainerState.FAILED);
        assertThat(youki.backend().list()).extracting(ContainerStatus::id).doesNotContain("strict.1");
        assertThat(outcomes.get("lenient").error()).isEmpty();
        assertThat(harness.manager().inspect("lenient").state()).isEqualTo(ContainerState.RUNNING);
        assertThat(outcomes.get("quiet").error()).isEmpty();
        assertThat(harness.manager().inspect("quiet").state()).isEqualTo(ContainerState.RUNNING);
    }

    @Test
    void healthFailureLeadsToARestart()
    {
        harness.manager().deploy(documents("""
                - name: web
                  image: busybox:test
                  args: [sleep, "1000"]
                  stopGrace: 1s
                  health: {type: exec, command: [test, -f, /tmp/never], interval: 100ms, retries: 2}
                  restart: {policy: always, backoff: {initial: 100ms, max: 200ms}}
                """));
        long firstPid = harness.manager().inspect("web").pid().orElseThrow();
        eventually(WAIT, () -> harness.manager().inspect("web").restarts() >= 1
                && harness.manager().inspect("web").state() == ContainerState.RUNNING, "web restarted after going unhealthy");

        ContainerView view = harness.manager().inspect("web");
        assertThat(view.pid().orElseThrow()).isNotEqualTo(firstPid);
        assertThat(view.failure()).get().isInstanceOf(HealthCheckFailed.class);
        assertThat(harness.eventTypes("web.1")).contains("container.health", "container.restart");
    }

    @Test
    void crashLoopBackOffIsEntered()
    {
        harness.manager().deploy(documents("""
                - name: web
                  image: busybox:test
                  args: [sh, -c, "echo crashing; exit 2"]
                  restart: {policy: always, backoff: {initial: 50ms, max: 100ms}, crashLoop: {restarts: 2, window: 1m, delay: 1h}}
                """));
        eventually(WAIT, () -> harness.manager().inspect("web").state() == ContainerState.CRASH_LOOP_BACKOFF, "crash loop");
        ContainerView view = harness.manager().inspect("web");
        assertThat(view.restarts()).isEqualTo(2);
        assertThat(view.exitCode()).hasValue(2);
    }

    @Test
    void replicaIsKeptFailedWithItsReasonAfterAnInitFailure()
    {
        DeployResult result = harness.manager().deploy(documents("""
                - name: web
                  image: busybox:test
                  args: [sleep, "1000"]
                  stopGrace: 1s
                  init: [{type: exec, command: [sh, -c, "echo schema missing >&2; exit 3"], retries: 1, timeout: 10s}]
                """));

        assertThat(result.outcomes().get(0).error()).get().isInstanceOf(InitActionFailed.class);
        ContainerView view = harness.manager().inspect("web");
        assertThat(view.state()).isEqualTo(ContainerState.FAILED);
        assertThat(view.failure()).get().isInstanceOfSatisfying(InitActionFailed.class,
                error -> assertThat(error.reason()).contains("exited 3").contains("schema missing"));
        assertThat(view.bootError()).isPresent();
        // the runtime's container, with its log and bundle, stays until rm
        assertThat(youki.backend().list()).extracting(ContainerStatus::id).contains("web.1");
        harness.manager().remove("web", true);
        assertThat(youki.backend().list()).extracting(ContainerStatus::id).doesNotContain("web.1");
    }

    @Test
    void enrichedTimeoutErrorHasItsFields()
    {
        Throwable running = catchThrowable(() -> harness.manager().run(document("""
                {name: api, image: busybox:test, args: [sh, -c, "echo starting api; echo config loaded; sleep 1000"], stopGrace: 1s,
                 init: [{type: tcp, port: 8080, retries: 0, timeout: 600ms}]}
                """)));
        TimeoutEvidence alive = TimeoutEvidence.in(running).orElseThrow();
        assertThat(alive.alive()).isTrue();
        assertThat(alive.exitCode()).isEmpty();
        assertThat(alive.logBytes()).isEqualTo("starting api\nconfig loaded\n".length());
        assertThat(alive.lastLines()).containsExactly("starting api", "config loaded");
        assertThat(alive.likelyCause()).contains("nothing accepts connections on 8080");

        Throwable exited = catchThrowable(() -> harness.manager().run(document("""
                {name: job, image: busybox:test, args: [sh, -c, "echo bye; exit 3"], init: [{type: tcp, port: 8080, retries: 0, timeout: 5s}]}
                """)));
        TimeoutEvidence dead = TimeoutEvidence.in(exited).orElseThrow();
        assertThat(dead.alive()).isFalse();
        assertThat(dead.exitCode()).hasValue(3);
        assertThat(dead.lastLines()).containsExactly("bye");
        assertThat(dead.likelyCause()).isEqualTo("process exited (code 3) before listening on 8080");
    }

    @Test
    void recoveryReadoptsWithoutRestartAndCollectsExitsFromWhileDown()
    {
        harness.manager().deploy(documents("""
                - {name: web, image: busybox:test, args: [sleep, "1000"], replicas: 3, restart: always}
                - {name: job, image: busybox:test, args: [sh, -c, "sleep 1; exit 7"]}
                """));
        Map<String, Long> pids = harness.manager().containers().stream().filter(view -> view.service().equals("web"))
                .collect(Collectors.toMap(ContainerView::id, view -> view.pid().orElseThrow()));
        harness.stopAgent();
        youki.backend().wait("job.1", Duration.ofSeconds(10));

        // the next agent: a new backend instance over the same runtime state, a new store connection
        YoukiHarness next = YoukiHarness.reopen(TestFlavor.RUNC, youki.stateDir(), youki.root());
        harness.startAgent(next.backend());
        RecoveryReport report = harness.manager().lastRecovery();

        assertThat(report.adopted()).containsExactlyInAnyOrder("web.1", "web.2", "web.3");
        assertThat(report.restarted()).isEmpty();
        assertThat(report.exited()).containsExactly("job.1");
        assertThat(report.orphans()).isEmpty();
        for (Map.Entry<String, Long> pid : pids.entrySet()) {
            ContainerView view = harness.manager().inspect(pid.getKey());
            assertThat(view.state()).isEqualTo(ContainerState.RUNNING);
            assertThat(view.pid()).hasValue(pid.getValue());
            assertThat(view.restarts()).isZero();
        }
        ContainerView job = harness.manager().inspect("job");
        assertThat(job.exitCode()).hasValue(7);
        assertThat(job.state()).isEqualTo(ContainerState.FAILED);
        assertThat(List.of(report.duration())).allSatisfy(duration -> assertThat(duration).isLessThan(Duration.ofSeconds(5)));
    }
}
