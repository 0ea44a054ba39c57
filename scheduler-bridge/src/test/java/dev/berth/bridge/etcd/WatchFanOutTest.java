package dev.berth.bridge.etcd;

import static dev.berth.bridge.testing.TestCluster.REGISTRY;
import static dev.berth.bridge.testing.TestCluster.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.bridge.ServicePhase;
import dev.berth.bridge.testing.TestCluster;
import dev.berth.bridge.testing.TestEtcd;
import dev.berth.bridge.testing.TestingAgent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A change in etcd reaches the nodes that need it, not every node: the one whose assignment it is, and the elected
 * scheduler. When every node watched the whole prefix, etcd sent each write to all of them, and at a few hundred
 * nodes that fan-out was most of the cluster's cost (see {@link ScaleSimulation}). Measured with etcd's own counters.
 */
class WatchFanOutTest
{
    private static final int NODES = 6;

    @Test
    void aWriteIsSentToItsNodeAndTheSchedulerNotToEveryNode()
            throws Exception
    {
        try (TestEtcd etcd = TestEtcd.start()) {
            TestCluster cluster = new TestCluster(etcd);
            List<EtcdSchedulerBridge> bridges = new ArrayList<>();
            try {
                for (int i = 0; i < NODES; i++) {
                    TestingAgent agent = TestingAgent.linux("n" + i, REGISTRY);
                    EtcdSchedulerBridge bridge = new EtcdSchedulerBridge(cluster.config(agent.nodeId()));
                    bridge.start(agent.nodeState(), agent);
                    bridges.add(bridge);
                }
                EtcdSchedulerBridge through = bridges.get(0);
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while ((through.nodes().size() < NODES || through.schedulerNode().isEmpty()) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(through.nodes()).hasSize(NODES);

                ClusterMetrics.Sample before = ClusterMetrics.read(etcd.endpoint());
                for (int i = 0; i < 12; i++) {
                    through.submit(List.of(service("svc-" + i, "linux-app", 1)));
                }
                for (int i = 0; i < 12; i++) {
                    assertThat(through.await("svc-" + i, Duration.ofSeconds(15)).phase()).isEqualTo(ServicePhase.RUNNING);
                }
                ClusterMetrics.Sample after = ClusterMetrics.read(etcd.endpoint());

                double writes = after.writes() - before.writes();
                double events = after.events() - before.events();
                assertThat(writes).as("submits, assignments, reports and statuses were written").isGreaterThanOrEqualTo(48);
                // each write goes to the scheduler and, for an assignment, to its node too; with every node watching
                // everything it went to all six
                assertThat(events).as("events etcd sent for %s writes", writes).isLessThanOrEqualTo(2.5 * writes);
            }
            finally {
                bridges.forEach(EtcdSchedulerBridge::close);
            }
        }
    }
}
