package dev.berth.lifecycle.deploy;

import static dev.berth.lifecycle.testing.LifecycleHarness.documents;
import static dev.berth.lifecycle.testing.LifecycleHarness.documentsUnchecked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.DependencyTimeout;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ExecResult;
import dev.berth.lifecycle.ContainerView;
import dev.berth.lifecycle.DeployResult;
import dev.berth.lifecycle.diagnose.TimeoutEvidence;
import dev.berth.lifecycle.testing.LifecycleHarness;
import dev.berth.lifecycle.testing.TestingLifecycleBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

class DeployTest
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
    void servicesStartInDependencyOrder()
    {
        DeployResult result = harness.manager().deploy(documents("""
                - {name: web, image: busybox:test, args: [sleep], depends: [{service: api, condition: started}]}
                - {name: api, image: busybox:test, args: [sleep], depends: [{service: db, condition: healthy}]}
                - {name: db, image: busybox:test, args: [sleep], health: {type: exec, command: [check], interval: 50ms, retries: 1}}
                - {name: cache, image: busybox:test, args: [sleep]}
                """));

        assertThat(result.outcomes()).allSatisfy(outcome -> assertThat(outcome.error()).isEmpty());
        List<String> starts = backend.calls().stream().filter(call -> call.startsWith("start:")).toList();
        assertThat(starts).containsExactlyInAnyOrder("start:db.1", "start:cache.1", "start:api.1", "start:web.1");
        assertThat(starts.indexOf("start:db.1")).isLessThan(starts.indexOf("start:api.1"));
        assertThat(starts.indexOf("start:api.1")).isLessThan(starts.indexOf("start:web.1"));
        // api waited for db to be healthy, not merely running
        assertThat(harness.eventTypes("db.1").indexOf("container.health")).isGreaterThanOrEqualTo(0);
        assertThat(backend.startedAt("api.1").orElseThrow()).isAfterOrEqualTo(
                harness.events().stream().filter(event -> event.subject().equals("db.1") && event.type().equals("container.health"))
                        .findFirst().orElseThrow().time());
    }

    @Test
    void cycleIsRejectedNamingIt()
    {
        assertThatThrownBy(() -> harness.manager().deploy(documentsUnchecked("""
                - {name: a, image: busybox:test, depends: [b]}
                - {name: b, image: busybox:test, depends: [c]}
                - {name: c, image: busybox:test, depends: [a]}
                """)))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("a -> b -> c -> a");
        assertThat(backend.calls()).isEmpty();
        assertThat(harness.store().services()).isEmpty();
    }

    @Test
    void dependencyTimeoutWithFailKeepsTheDependentFailedWithItsReason()
    {
        backend.execAnswer("db.", new ExecResult(1, "", "not ready"));
        DeployResult result = harness.manager().deploy(documents(dependent("fail")));

        DeployResult.Outcome api = outcome(result, "api");
        assertThat(api.error()).get().isInstanceOf(DependencyTimeout.class);
        DependencyTimeout timeout = (DependencyTimeout) api.error().get();
        assertThat(timeout.dependency()).isEqualTo("db");
        assertThat(timeout.condition()).isEqualTo("healthy");
        assertThat(TimeoutEvidence.in(timeout)).get().satisfies(evidence -> assertThat(evidence.alive()).isTrue());
        assertThat(backend.count("create", "api.1")).isZero();
        ContainerView view = harness.manager().inspect("api.1");
        assertThat(view.state()).isEqualTo(ContainerState.FAILED);
        assertThat(view.failure()).get().isInstanceOf(DependencyTimeout.class);
        assertThat(harness.eventTypes("api")).contains("service.dependency-timeout");
    }

    @Test
    void dependencyTimeoutWithWarnDeploysAnyway()
    {
        backend.execAnswer("db.", new ExecResult(1, "", "not ready"));
        DeployResult result = harness.manager().deploy(documents(dependent("warn")));

        assertThat(outcome(result, "api").error()).isEmpty();
        assertThat(harness.manager().inspect("api").state()).isEqualTo(ContainerState.RUNNING);
        assertThat(harness.eventTypes("api")).contains("service.dependency-timeout");
    }

    @Test
    void dependencyTimeoutWithContinueDeploysAnyway()
    {
        backend.execAnswer("db.", new ExecResult(1, "", "not ready"));
        DeployResult result = harness.manager().deploy(documents(dependent("continue")));

        assertThat(outcome(result, "api").error()).isEmpty();
        assertThat(harness.manager().inspect("api").state()).isEqualTo(ContainerState.RUNNING);
    }

    @Test
    void redeployChangesOnlyTheReplicaDifference()
    {
        harness.manager().deploy(documents("- {name: web, image: busybox:test, args: [sleep], replicas: 3}"));
        DeployResult up = harness.manager().deploy(documents("- {name: web, image: busybox:test, args: [sleep], replicas: 5}"));
        assertThat(outcome(up, "web").created()).isEqualTo(2);
        assertThat(outcome(up, "web").removed()).isZero();
        assertThat(backend.count("create", "web.1")).isEqualTo(1);
        assertThat(outcome(up, "web").containers()).containsExactly("web.1", "web.2", "web.3", "web.4", "web.5");

        DeployResult down = harness.manager().deploy(documents("- {name: web, image: busybox:test, args: [sleep], replicas: 2}"));
        assertThat(outcome(down, "web").removed()).isEqualTo(3);
        assertThat(outcome(down, "web").containers()).containsExactly("web.1", "web.2");
        assertThat(backend.count("create", "web.1")).isEqualTo(1);
        assertThat(backend.count("remove", "web.5")).isEqualTo(1);
    }

    @Test
    void aServiceWithoutContainersCanBeRemovedAndItsNameUsedAgain()
    {
        // scaled to zero here; a removal cut short by a crash between its steps leaves the same state behind
        harness.manager().deploy(documents("- {name: web, image: busybox:test, args: [sleep], replicas: 1}"));
        harness.manager().deploy(documents("- {name: web, image: busybox:test, args: [sleep], replicas: 0}"));
        assertThat(harness.store().containersOf("web")).isEmpty();
        assertThat(harness.store().service("web")).isPresent();
        harness.manager().remove("web", true);
        assertThat(harness.store().service("web")).isEmpty();
        DeployResult again = harness.manager().deploy(documents("- {name: web, image: busybox:test, args: [sleep], replicas: 1}"));
        assertThat(outcome(again, "web").containers()).containsExactly("web.1");
    }

    @Test
    void changedSpecReplacesItsReplicas()
    {
        harness.manager().deploy(documents("- {name: web, image: busybox:test, args: [sleep], replicas: 2, update: {healthy: 0s}}"));
        DeployResult changed = harness.manager().deploy(documents("- {name: web, image: busybox:test, args: [sleep], env: {A: b}, replicas: 2, update: {healthy: 0s}}"));
        assertThat(outcome(changed, "web").removed()).isEqualTo(2);
        assertThat(outcome(changed, "web").created()).isEqualTo(2);
        assertThat(backend.count("create", "web.1")).isEqualTo(2);
    }

    private static String dependent(String onTimeout)
    {
        return """
                - {name: db, image: busybox:test, args: [sleep], health: {type: exec, command: [check], interval: 20ms, retries: 100}}
                - {name: api, image: busybox:test, args: [sleep], depends: [{service: db, condition: healthy, timeout: 300ms, onTimeout: %s}]}
                """.formatted(onTimeout);
    }

    private static DeployResult.Outcome outcome(DeployResult result, String service)
    {
        return result.outcomes().stream().filter(outcome -> outcome.service().equals(service)).findFirst().orElseThrow();
    }
}
