package dev.berth.bridge.embedded;

import static dev.berth.bridge.testing.TestCluster.REGISTRY;
import static dev.berth.bridge.testing.TestCluster.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.berth.bridge.BridgeModules;
import dev.berth.bridge.ClusterService;
import dev.berth.bridge.SchedulerBridge;
import dev.berth.bridge.ServicePhase;
import dev.berth.bridge.testing.TestingAgent;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.Internal;
import dev.berth.core.error.RouteToPeer;
import dev.berth.core.error.Timeout;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

class EmbeddedSchedulerBridgeTest
{
    private final TestingAgent agent = TestingAgent.linux("solo", REGISTRY);
    private final SchedulerBridge bridge = bridge();

    @Test
    void runsWhatThisNodeCanHost()
    {
        ClusterService result = bridge.submit(List.of(service("web", "linux-app", 2))).get(0);

        assertThat(result.phase()).isEqualTo(ServicePhase.RUNNING);
        assertThat(result.placements()).isEqualTo(Map.of("solo", 2));
        assertThat(agent.running("web")).isEqualTo(2);
    }

    @Test
    void workloadThisNodeCannotHostIsFailedWithTheRemedies()
    {
        ClusterService result = bridge.submit(List.of(service("iis", "windows-app", 1))).get(0);

        assertThat(result.phase()).isEqualTo(ServicePhase.FAILED);
        assertThat(result.message())
                .startsWith("no cluster node can run service 'iis' (requires OS 'windows'): node 'solo' answered the workload is windows")
                .endsWith("Remedies: add a windows peer to the cluster (a Windows node with the HCS backend), or set platform.os to linux "
                        + "if the image has a Linux variant.");
        assertThat(agent.hosted()).isEmpty();
    }

    @Test
    void reportedSignalFailsTheServiceAndScalingDownAndRemovalStopReplicas()
    {
        bridge.submit(List.of(service("web", "linux-app", 3)));
        bridge.submit(List.of(service("web", "linux-app", 1)));
        assertThat(agent.running("web")).isEqualTo(1);

        bridge.report("web", new RouteToPeer("web", "linux", "the test says so"));
        assertThat(bridge.service("web").phase()).isEqualTo(ServicePhase.FAILED);
        assertThat(bridge.service("web").message()).contains("the test says so");
        assertThat(agent.running("web")).isZero();

        bridge.submit(List.of(service("web", "linux-app", 1)));
        assertThat(bridge.service("web").phase()).as("a new generation clears the exclusion").isEqualTo(ServicePhase.RUNNING);
        bridge.remove("web");
        assertThat(agent.hosted()).isEmpty();
        assertThat(bridge.services()).isEmpty();
    }

    @Test
    void aStopThatFailsIsTriedAgainRatherThanForgotten()
    {
        bridge.submit(List.of(service("web", "linux-app", 1)));
        agent.failNextUnassign(new Timeout(Duration.ofSeconds(10), new Internal("runc kill did not return")));

        assertThatThrownBy(() -> bridge.remove("web")).isInstanceOf(Timeout.class);
        assertThat(agent.running("web")).as("the failed stop left it running").isEqualTo(1);
        bridge.submit(List.of(service("other", "linux-app", 1)));

        assertThat(agent.running("web")).as("the next reconcile stops it").isZero();
        assertThat(agent.journal()).containsSubsequence("unassigned web", "unassigned web");
    }

    @Test
    void oneServiceThatWillNotStopHoldsUpNoOther()
    {
        bridge.submit(List.of(service("web", "linux-app", 1), service("api", "linux-app", 1)));
        agent.failUnassignOf("api", new Timeout(Duration.ofSeconds(10), new Internal("runc kill did not return")));

        assertThatThrownBy(() -> bridge.drain()).isInstanceOf(Timeout.class);

        assertThat(agent.running("web")).as("stopped although api's stop failed").isZero();
        assertThat(agent.running("api")).isEqualTo(1);
    }

    private SchedulerBridge bridge()
    {
        Injector injector = Guice.createInjector(Stage.PRODUCTION, binder -> binder.requireExplicitBindings(),
                BridgeModules.forConfig(ConfigMap.empty().with("bridge.node.id", "solo")));
        SchedulerBridge created = injector.getInstance(SchedulerBridge.class);
        assertThat(created.mode()).isEqualTo("embedded");
        created.start(agent.nodeState(), agent);
        return created;
    }
}
