package dev.berth.bridge.etcd;

import static dev.berth.bridge.etcd.EtcdClusterTest.eventually;
import static dev.berth.bridge.testing.TestCluster.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.bridge.BridgeConfig;
import dev.berth.bridge.ClusterService;
import dev.berth.bridge.NodeState;
import dev.berth.bridge.NodeStatus;
import dev.berth.bridge.ServicePhase;
import dev.berth.bridge.testing.TestCluster;
import dev.berth.bridge.testing.TestEtcd;
import dev.berth.bridge.testing.TestNodeProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Three nodes as three JVMs (one Linux, two Windows, each a bridge with a fake agent) on a real etcd, killed with
 * SIGKILL: a Windows workload submitted through the Linux node runs on a Windows node, the scheduler moves when its
 * process dies, and a killed worker's workload is re-placed within lease TTL + 1 s (TTL + 2 s when the worker also
 * ran the scheduler: another process must win the election and plan for the first time, cold, before it re-places).
 */
class MultiProcessClusterTest
{
    @Test
    void reRoutesAndSurvivesKilledProcesses(@TempDir Path directory)
    {
        try (TestEtcd etcd = TestEtcd.start()) {
            TestCluster cluster = new TestCluster(etcd);
            String prefix = BridgeConfig.from(cluster.base()).prefix();
            List<TestNodeProcess> nodes = new ArrayList<>();
            try {
                nodes.add(TestNodeProcess.start("linux-1", "linux", etcd.endpoint(), prefix, directory));
                nodes.add(TestNodeProcess.start("windows-1", "windows", etcd.endpoint(), prefix, directory));
                nodes.add(TestNodeProcess.start("windows-2", "windows", etcd.endpoint(), prefix, directory));
                // The CLI's view: submits as if through linux-1's agent, never registers itself.
                try (EtcdSchedulerBridge throughLinux = new EtcdSchedulerBridge(cluster.config("linux-1"))) {
                    // three live nodes, not three member records: a node whose first registration timed out is
                    // listed but down, and the scheduler would not try linux-1 first
                    eventually(() -> answers(() -> throughLinux.nodes().size() == 3 && throughLinux.schedulerNode().isPresent()
                            && throughLinux.nodes().stream().allMatch(node -> node.status() == NodeStatus.READY)), Duration.ofSeconds(60));

                    throughLinux.submit(List.of(service("iis", "windows-app", 1)));
                    ClusterService iis = throughLinux.await("iis", Duration.ofSeconds(30));
                    assertThat(iis.phase()).as(iis.message()).isEqualTo(ServicePhase.RUNNING);
                    assertThat(iis.excluded()).containsOnlyKeys("linux-1");
                    String host = iis.placements().keySet().iterator().next();
                    assertThat(host).startsWith("windows-");
                    TestNodeProcess running = process(nodes, host);
                    eventually(() -> running.running("iis") == 1, Duration.ofSeconds(10));

                    String scheduler = throughLinux.schedulerNode().orElseThrow();
                    TestNodeProcess victim = process(nodes, host);
                    TestNodeProcess survivor = process(nodes, host.equals("windows-1") ? "windows-2" : "windows-1");
                    long killed = System.nanoTime();
                    victim.kill();
                    eventually(() -> survivor.running("iis") == 1, Duration.ofSeconds(15));
                    Duration replaced = Duration.ofNanos(System.nanoTime() - killed);
                    // on the loaded build host each of the three hops (election, first plan, the survivor's pass)
                    // took 0.8 s when the scheduler went down with the worker: 3.4 s in all
                    Duration bound = Duration.ofSeconds(scheduler.equals(host) ? 2 + 2 : 2 + 1);
                    assertThat(replaced).as("re-placed after %s (the scheduler ran on %s, the worker was %s)", replaced, scheduler, host)
                            .isLessThanOrEqualTo(bound);

                    if (scheduler.equals(host)) {
                        eventually(() -> answers(() -> throughLinux.schedulerNode().filter(node -> !node.equals(host)).isPresent()),
                                Duration.ofSeconds(10));
                    }
                    else {
                        process(nodes, scheduler).kill();
                        eventually(() -> answers(() -> throughLinux.schedulerNode().filter(node -> !node.equals(scheduler)).isPresent()),
                                Duration.ofSeconds(10));
                    }
                    assertThat(throughLinux.nodes()).extracting(NodeState::id).hasSize(3);
                    assertThat(throughLinux.service("iis").placements()).isEqualTo(Map.of(survivor.nodeId(), 1));
                }
            }
            catch (AssertionError | RuntimeException e) {
                nodes.forEach(node -> System.err.println("---- " + node.nodeId() + "\n" + node.log()));
                throw e;
            }
            finally {
                nodes.forEach(TestNodeProcess::close);
            }
        }
    }

    /** The condition, with etcd being slow to answer (three JVMs starting on a loaded host) counted as not yet. */
    private static boolean answers(java.util.function.BooleanSupplier condition)
    {
        try {
            return condition.getAsBoolean();
        }
        catch (dev.berth.core.error.AgentError e) {
            return false;
        }
    }

    private static TestNodeProcess process(List<TestNodeProcess> nodes, String id)
    {
        return nodes.stream().filter(node -> node.nodeId().equals(id)).findFirst().orElseThrow();
    }
}
