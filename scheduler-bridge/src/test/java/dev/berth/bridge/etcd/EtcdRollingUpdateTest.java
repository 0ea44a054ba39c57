package dev.berth.bridge.etcd;

import static dev.berth.bridge.testing.TestCluster.REGISTRY;
import static dev.berth.bridge.testing.TestCluster.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.bridge.Assignment;
import dev.berth.bridge.AssignmentHandler;
import dev.berth.bridge.AssignmentOutcome;
import dev.berth.bridge.BridgeConfig;
import dev.berth.bridge.ClusterService;
import dev.berth.bridge.ServiceDefinition;
import dev.berth.bridge.ServicePhase;
import dev.berth.bridge.testing.TestCluster;
import dev.berth.bridge.testing.TestEtcd;
import dev.berth.bridge.testing.TestingAgent;
import dev.berth.core.spec.SpecParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A re-submitted service moves through the cluster node by node: three nodes run one replica each, and each node's
 * apply of the new generation takes a second (as a node's own rolling update behind its health gate would); no two
 * nodes are ever applying it at once, and every node ends on the new generation.
 */
class EtcdRollingUpdateTest
{
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final Duration APPLY = Duration.ofSeconds(1);
    private static TestEtcd etcd;

    private final List<EtcdSchedulerBridge> bridges = new ArrayList<>();
    private final AtomicInteger applying = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final List<String> applied = new ArrayList<>();
    private TestCluster cluster;

    @BeforeAll
    static void startEtcd()
    {
        etcd = TestEtcd.start();
    }

    @AfterAll
    static void stopEtcd()
    {
        if (etcd != null) {
            etcd.close();
        }
    }

    @BeforeEach
    void newCluster()
    {
        cluster = new TestCluster(etcd);
    }

    @AfterEach
    void closeBridges()
    {
        bridges.forEach(EtcdSchedulerBridge::close);
    }

    @Test
    void aChangedSpecReachesOneNodeAtATimeEachAfterTheLastReportedItRunning()
    {
        List<TestingAgent> agents = List.of(TestingAgent.linux("a", REGISTRY), TestingAgent.linux("b", REGISTRY), TestingAgent.linux("c", REGISTRY));
        for (TestingAgent agent : agents) {
            EtcdSchedulerBridge bridge = new EtcdSchedulerBridge(BridgeConfig.from(cluster.base().with("bridge.node.id", agent.nodeId())));
            bridge.start(agent.nodeState(), slow(agent));
            bridges.add(bridge);
        }
        EtcdSchedulerBridge through = bridges.get(0);
        through.submit(List.of(service("web", "linux-app", 3)));
        ClusterService first = through.await("web", SETTLE);
        assertThat(first.phase()).as(first.message()).isEqualTo(ServicePhase.RUNNING);
        assertThat(first.placements()).isEqualTo(Map.of("a", 1, "b", 1, "c", 1));

        through.submit(List.of(ServiceDefinition.parse(SpecParser.tree("name: web\nimage: linux-app\nreplicas: 3\nenv: {VERSION: \"2\"}\n"), null)));
        long generation = first.generation() + 1;
        EtcdClusterTest.eventually(() -> {
            ClusterService now = through.service("web");
            return now.generation() == generation && now.phase() == ServicePhase.RUNNING;
        }, SETTLE);

        synchronized (applied) {
            assertThat(applied).as("each node applied the new generation").containsExactlyInAnyOrder("a", "b", "c");
        }
        assertThat(mostAtOnce.get()).as("nodes applying the new generation at once").isEqualTo(1);
    }

    /** Applies the first generation at once and a later one in {@link #APPLY}, counting the nodes applying it meanwhile. */
    private AssignmentHandler slow(TestingAgent agent)
    {
        return new AssignmentHandler()
        {
            @Override
            public AssignmentOutcome assigned(Assignment assignment)
            {
                if (assignment.service().spec().env().isEmpty()) {
                    return agent.assigned(assignment);
                }
                mostAtOnce.accumulateAndGet(applying.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(APPLY.toMillis());
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                finally {
                    applying.decrementAndGet();
                }
                synchronized (applied) {
                    applied.add(agent.nodeId());
                }
                return agent.assigned(assignment);
            }

            @Override
            public void unassigned(String service)
            {
                agent.unassigned(service);
            }
        };
    }
}
