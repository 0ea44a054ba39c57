package dev.berth.bridge.etcd;

import dev.berth.core.testing.Eventually;
import static dev.berth.bridge.testing.TestCluster.REGISTRY;
import static dev.berth.bridge.testing.TestCluster.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.bridge.Assignment;
import dev.berth.bridge.AssignmentHandler;
import dev.berth.bridge.AssignmentOutcome;
import dev.berth.bridge.BridgeConfig;
import dev.berth.bridge.ClusterService;
import dev.berth.bridge.NodeState;
import dev.berth.bridge.NodeStatus;
import dev.berth.bridge.ServicePhase;
import dev.berth.bridge.testing.TestCluster;
import dev.berth.bridge.testing.TestEtcd;
import dev.berth.bridge.testing.TestTcpProxy;
import dev.berth.bridge.testing.TestingAgent;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.Internal;
import dev.berth.core.error.Timeout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Several bridges (nodes) in one JVM against a real etcd, each with a {@link TestingAgent}: re-routing on placement
 * signals, the actionable failure, scheduler failover, node loss and return, draining.
 */
class EtcdClusterTest
{
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private static TestEtcd etcd;

    private final List<EtcdSchedulerBridge> bridges = new ArrayList<>();
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
    void windowsWorkloadSubmittedThroughLinuxNodeRunsOnWindowsNode()
    {
        TestingAgent linux = TestingAgent.linux("l1", REGISTRY);
        TestingAgent windows = TestingAgent.windows("w1", REGISTRY);
        EtcdSchedulerBridge through = join(linux);
        join(windows);

        through.submit(List.of(service("iis", "windows-app", 1)));
        ClusterService result = through.await("iis", SETTLE);

        assertThat(result.phase()).as(result.message()).isEqualTo(ServicePhase.RUNNING);
        assertThat(result.placements()).isEqualTo(Map.of("w1", 1));
        assertThat(result.excluded()).containsOnlyKeys("l1");
        assertThat(result.excluded().get("l1")).contains("the workload is windows (image os)");
        assertThat(windows.running("iis")).isEqualTo(1);
        assertThat(linux.running("iis")).isZero();
    }

    @Test
    void linuxWorkloadSubmittedThroughWindowsNodeWithoutDelegateRunsOnLinuxNode()
    {
        TestingAgent linux = TestingAgent.linux("l1", REGISTRY);
        TestingAgent windows = TestingAgent.windows("w1", REGISTRY);
        join(linux);
        EtcdSchedulerBridge through = join(windows);

        through.submit(List.of(service("web", "linux-app", 1)));
        ClusterService result = through.await("web", SETTLE);

        assertThat(result.phase()).as(result.message()).isEqualTo(ServicePhase.RUNNING);
        assertThat(result.placements()).isEqualTo(Map.of("l1", 1));
        assertThat(result.excluded().get("w1")).contains("this Windows node has no Linux backend");
        assertThat(linux.running("web")).isEqualTo(1);
        assertThat(windows.running("web")).isZero();
    }

    @Test
    void linuxWorkloadFailsWithTheRemediesWhenTheOnlyLinuxNodeIsDown()
    {
        EtcdSchedulerBridge linuxBridge = join(TestingAgent.linux("l1", REGISTRY));
        EtcdSchedulerBridge through = join(TestingAgent.windows("w1", REGISTRY));
        join(TestingAgent.windows("w2", REGISTRY));
        linuxBridge.halt();
        eventually(() -> status(through, "l1") == NodeStatus.DOWN, Duration.ofSeconds(10));

        through.submit(List.of(service("web", "linux-app", 1)));
        ClusterService result = through.await("web", SETTLE);

        assertThat(result.phase()).isEqualTo(ServicePhase.FAILED);
        assertThat(result.message())
                .startsWith("no cluster node can run service 'web' (requires OS 'linux'): ")
                .contains("node 'l1' is down")
                .contains("node 'w1' answered the workload is linux (image os) and this Windows node has no Linux backend")
                .endsWith(". Remedies: enable the WSL2 delegate on a Windows node, or add a linux peer to the cluster.");
        assertThat(result.placements()).isEmpty();
    }

    @Test
    void schedulerMovesToAnotherNodeWhenItsNodeDies()
    {
        EtcdSchedulerBridge a = join(TestingAgent.linux("a", REGISTRY));
        EtcdSchedulerBridge b = join(TestingAgent.linux("b", REGISTRY));
        EtcdSchedulerBridge c = join(TestingAgent.linux("c", REGISTRY));
        eventually(() -> a.schedulerNode().isPresent(), Duration.ofSeconds(10));
        String first = a.schedulerNode().orElseThrow();
        EtcdSchedulerBridge leader = first.equals("a") ? a : first.equals("b") ? b : c;
        EtcdSchedulerBridge survivor = leader == a ? b : a;

        leader.halt();

        eventually(() -> survivor.schedulerNode().filter(node -> !node.equals(first)).isPresent(), Duration.ofSeconds(10));
        String second = survivor.schedulerNode().orElseThrow();
        assertThat(second).isNotEqualTo(first);
        survivor.submit(List.of(service("after-failover", "linux-app", 2)));
        ClusterService result = survivor.await("after-failover", SETTLE);
        assertThat(result.phase()).as(result.message()).isEqualTo(ServicePhase.RUNNING);
        assertThat(result.placements()).doesNotContainKey(first);
    }

    @Test
    void lostWorkerIsReplacedWithinLeaseTtlAndStopsItsCopyWhenItReturns()
    {
        TestingAgent lost = TestingAgent.linux("l1", REGISTRY);
        TestingAgent peer = TestingAgent.linux("l2", REGISTRY);
        EtcdSchedulerBridge lostBridge = join(lost);
        EtcdSchedulerBridge peerBridge = join(peer);
        join(TestingAgent.windows("w1", REGISTRY));
        lostBridge.submit(List.of(service("web", "linux-app", 1)));
        assertThat(lostBridge.await("web", SETTLE).placements()).isEqualTo(Map.of("l1", 1));
        assertThat(lost.running("web")).isEqualTo(1);

        long killed = System.nanoTime();
        lostBridge.halt();
        eventually(() -> peer.running("web") == 1, Duration.ofSeconds(10));
        Duration replaced = Duration.ofNanos(System.nanoTime() - killed);

        assertThat(replaced).isLessThanOrEqualTo(Duration.ofSeconds(2 + 1));
        assertThat(lost.running("web")).as("a crashed node's agent keeps its container until it is back").isEqualTo(1);

        join(lost);
        eventually(() -> lost.running("web") == 0, Duration.ofSeconds(10));
        assertThat(peer.running("web")).isEqualTo(1);
        assertThat(lost.journal()).contains("unassigned web");
        assertThat(peerBridge.service("web").placements()).isEqualTo(Map.of("l2", 1));
    }

    /** Without the fence (it comes after a minute here; EtcdFenceTest has it): the reconnecting node stops the old copy. */
    @Test
    void partitionedNodeStopsWhatWasMovedAwayWhenItReconnects()
    {
        TestingAgent isolated = TestingAgent.linux("l1", REGISTRY);
        TestingAgent peer = TestingAgent.linux("l2", REGISTRY);
        try (TestTcpProxy proxy = new TestTcpProxy(etcd.clientPort())) {
            EtcdSchedulerBridge isolatedBridge = join(isolated, proxy.endpoint(), "1m");
            EtcdSchedulerBridge peerBridge = join(peer);
            isolatedBridge.submit(List.of(service("web", "linux-app", 1)));
            assertThat(isolatedBridge.await("web", SETTLE).placements()).isEqualTo(Map.of("l1", 1));

            proxy.cut();
            eventually(() -> peer.running("web") == 1, Duration.ofSeconds(10));
            assertThat(isolated.running("web")).as("cut off, the node cannot know yet").isEqualTo(1);

            proxy.restore();
            eventually(() -> isolated.running("web") == 0, Duration.ofSeconds(15));
            assertThat(peer.running("web")).isEqualTo(1);
            assertThat(peerBridge.service("web").placements()).isEqualTo(Map.of("l2", 1));
            eventually(() -> status(peerBridge, "l1") == NodeStatus.READY, Duration.ofSeconds(10));
        }
    }

    @Test
    void serviceRemovedWhileItsNodeWasDownIsStoppedWhenTheNodeReturns()
    {
        TestingAgent away = TestingAgent.linux("l1", REGISTRY);
        EtcdSchedulerBridge awayBridge = join(away);
        EtcdSchedulerBridge peerBridge = join(TestingAgent.windows("w1", REGISTRY));
        awayBridge.submit(List.of(service("web", "linux-app", 1)));
        assertThat(awayBridge.await("web", SETTLE).placements()).isEqualTo(Map.of("l1", 1));

        awayBridge.halt();
        peerBridge.remove("web");
        eventually(() -> peerBridge.services().isEmpty() && peerBridge.schedulerNode().orElse("").equals("w1"), Duration.ofSeconds(10));
        Eventually.holdsFor(Duration.ofSeconds(1), () -> away.running("web") == 1, "the away node keeps running web while it is cut off");

        // Back without hosted(): the bridge still knows from this node's last report, which the scheduler kept, what it ran.
        EtcdSchedulerBridge returned = new EtcdSchedulerBridge(cluster.config("l1"));
        returned.start(away.nodeState(), withoutHosted(away));
        bridges.add(returned);
        eventually(() -> away.running("web") == 0, Duration.ofSeconds(10));
        assertThat(away.journal()).contains("unassigned web");
    }

    /**
     * The losing order of the race behind issue #22, forced: the returning node looks for what it ran only after the
     * scheduler has seen it alive again and finished a pass over the removed service. The node's report that it ran
     * the service must still be there then; only the node itself may take it back, once it has stopped the service.
     */
    @Test
    void aReturningNodeStopsARemovedServiceEvenWhenItLooksAfterTheSchedulerSawItBack()
    {
        TestingAgent away = TestingAgent.linux("l1", REGISTRY);
        EtcdSchedulerBridge awayBridge = join(away);
        EtcdSchedulerBridge peerBridge = join(TestingAgent.windows("w1", REGISTRY));
        awayBridge.submit(List.of(service("web", "linux-app", 1)));
        assertThat(awayBridge.await("web", SETTLE).placements()).isEqualTo(Map.of("l1", 1));
        awayBridge.halt();
        peerBridge.remove("web");
        eventually(() -> peerBridge.services().isEmpty() && peerBridge.schedulerNode().orElse("").equals("w1"), Duration.ofSeconds(10));

        EtcdSchedulerBridge returned = new EtcdSchedulerBridge(cluster.config("l1"));
        returned.start(away.nodeState(), new AssignmentHandler()
        {
            @Override
            public AssignmentOutcome assigned(Assignment assignment)
            {
                return away.assigned(assignment);
            }

            @Override
            public void unassigned(String service)
            {
                away.unassigned(service);
            }

            /** Runs on l1's apply thread before it reads its reports: hold it until the scheduler has passed over l1 alive. */
            @Override
            public Set<String> hosted()
            {
                eventually(() -> status(peerBridge, "l1") == NodeStatus.READY, Duration.ofSeconds(10));
                peerBridge.submit(List.of(service("marker", "windows-app", 1)));
                assertThat(peerBridge.await("marker", SETTLE).phase()).isEqualTo(ServicePhase.RUNNING);
                return Set.of();
            }
        });
        bridges.add(returned);

        eventually(() -> away.running("web") == 0, Duration.ofSeconds(10));
        assertThat(away.journal()).contains("unassigned web");
    }

    @Test
    void drainMovesWorkloadsToPeers()
    {
        TestingAgent first = TestingAgent.linux("l1", REGISTRY);
        TestingAgent second = TestingAgent.linux("l2", REGISTRY);
        EtcdSchedulerBridge drained = join(first);
        join(second);
        drained.submit(List.of(service("web", "linux-app", 1)));
        assertThat(drained.await("web", SETTLE).placements()).isEqualTo(Map.of("l1", 1));

        drained.drain();

        eventually(() -> second.running("web") == 1 && first.running("web") == 0, Duration.ofSeconds(10));
        assertThat(status(drained, "l1")).isEqualTo(NodeStatus.DRAINING);
    }

    @Test
    void aStopThatFailsOnTheOldNodeIsTriedAgainUntilItStops()
    {
        TestingAgent first = TestingAgent.linux("l1", REGISTRY);
        TestingAgent second = TestingAgent.linux("l2", REGISTRY);
        EtcdSchedulerBridge drained = join(first);
        join(second);
        drained.submit(List.of(service("web", "linux-app", 1)));
        assertThat(drained.await("web", SETTLE).placements()).isEqualTo(Map.of("l1", 1));
        first.failNextUnassign(new Timeout(Duration.ofSeconds(10), new Internal("runc kill did not return")));

        drained.drain();

        eventually(() -> second.running("web") == 1 && first.running("web") == 0, Duration.ofSeconds(20));
        assertThat(first.journal()).containsSubsequence("unassigned web", "unassigned web");
    }

    @Test
    void aServiceRecordThatDoesNotReadFailsAloneAndTheSchedulerGoesOn()
    {
        TestingAgent linux = TestingAgent.linux("l1", REGISTRY);
        EtcdSchedulerBridge bridge = join(linux);
        // a document whose top-level name is missing: ServiceDefinition refuses it with an IllegalArgumentException
        etcd.put(cluster.base().raw("bridge.etcd.prefix").orElseThrow() + "/services/odd",
                "{\"name\":\"odd\",\"generation\":1,\"source\":{\"services\":[{\"name\":\"odd\",\"image\":\"linux-app\"}]},\"submittedBy\":\"hand\"}");

        bridge.submit(List.of(service("web", "linux-app", 1)));

        assertThat(bridge.await("web", SETTLE).phase()).isEqualTo(ServicePhase.RUNNING);
        assertThat(linux.running("web")).isEqualTo(1);
        assertThat(bridge.service("odd").phase()).isEqualTo(ServicePhase.FAILED);
        assertThat(bridge.service("odd").message()).contains("does not read");
    }

    @Test
    void aDrainThatCouldNotReachEtcdIsNotPublishedByTheNextUpdate()
    {
        TestingAgent agent = TestingAgent.linux("l1", REGISTRY);
        try (TestTcpProxy proxy = new TestTcpProxy(etcd.clientPort())) {
            EtcdSchedulerBridge bridge = join(agent, proxy.endpoint());
            EtcdSchedulerBridge observer = join(TestingAgent.linux("l2", REGISTRY));
            eventually(() -> observer.nodes().stream().anyMatch(node -> node.id().equals("l1")), Duration.ofSeconds(10));

            proxy.cut();
            assertThatThrownBy(bridge::drain).isInstanceOf(AgentError.class);
            proxy.restore();
            eventually(() -> {
                try {
                    bridge.update(agent.nodeState());
                    return true;
                }
                catch (AgentError e) {
                    return false;
                }
            }, Duration.ofSeconds(15));

            // the cut may have let its lease expire: once it is registered again, it is READY, not DRAINING
            eventually(() -> status(observer, "l1") != NodeStatus.DOWN, Duration.ofSeconds(15));
            assertThat(status(observer, "l1")).as("the failed drain stays undone").isEqualTo(NodeStatus.READY);
        }
    }

    @Test
    void replicasSpreadAcrossNodes()
    {
        TestingAgent first = TestingAgent.linux("l1", REGISTRY);
        TestingAgent second = TestingAgent.linux("l2", REGISTRY);
        EtcdSchedulerBridge bridge = join(first);
        join(second);

        bridge.submit(List.of(service("web", "linux-app", 4)));
        ClusterService result = bridge.await("web", SETTLE);

        assertThat(result.placements()).isEqualTo(Map.of("l1", 2, "l2", 2));
        assertThat(first.running("web") + second.running("web")).isEqualTo(4);
    }

    /** An outage shorter than fence-after (longer than the lease TTL here): nothing stops, nothing moves. */
    @Test
    void etcdGoingAwayLeavesContainersRunningAndTheBridgeResyncsWhenItReturns()
    {
        TestingAgent linux = TestingAgent.linux("l1", REGISTRY);
        EtcdSchedulerBridge bridge = join(linux, etcd.endpoint(), "1m");
        EtcdSchedulerBridge windows = join(TestingAgent.windows("w1", REGISTRY), etcd.endpoint(), "1m");
        bridge.submit(List.of(service("web", "linux-app", 1)));
        assertThat(bridge.await("web", SETTLE).phase()).isEqualTo(ServicePhase.RUNNING);

        etcd.stop();
        Eventually.holdsFor(Duration.ofSeconds(3), () -> linux.running("web") == 1, "web runs on while etcd is down");
        etcd.resume();

        // the client reconnects with its own back-off: a submit before it has done so times out, as it would for a
        // user, and is tried again
        eventually(() -> {
            try {
                windows.submit(List.of(service("api", "linux-app", 1)));
                return true;
            }
            catch (Timeout e) {
                return false;
            }
        }, Duration.ofSeconds(30));
        ClusterService api = windows.await("api", SETTLE);
        assertThat(api.phase()).as(api.message()).isEqualTo(ServicePhase.RUNNING);
        assertThat(api.placements()).isEqualTo(Map.of("l1", 1));
        assertThat(linux.running("web")).isEqualTo(1);
        assertThat(linux.journal()).noneMatch(entry -> entry.startsWith("unassigned"));
        assertThat(bridge.nodes()).extracting(NodeState::status).containsOnly(NodeStatus.READY);
    }

    private EtcdSchedulerBridge join(TestingAgent agent)
    {
        return join(agent, etcd.endpoint());
    }

    private EtcdSchedulerBridge join(TestingAgent agent, String endpoint)
    {
        return join(agent, endpoint, "2s");
    }

    private EtcdSchedulerBridge join(TestingAgent agent, String endpoint, String fenceAfter)
    {
        EtcdSchedulerBridge bridge = new EtcdSchedulerBridge(BridgeConfig.from(cluster.base().with("bridge.node.id", agent.nodeId())
                .with("bridge.etcd.endpoints", endpoint).with("bridge.etcd.fence-after", fenceAfter)));
        bridge.start(agent.nodeState(), agent);
        bridges.add(bridge);
        return bridge;
    }

    /** An agent that cannot list what it hosts, as a minimal AssignmentHandler may be. */
    private static AssignmentHandler withoutHosted(TestingAgent agent)
    {
        return new AssignmentHandler()
        {
            @Override
            public AssignmentOutcome assigned(Assignment assignment)
            {
                return agent.assigned(assignment);
            }

            @Override
            public void unassigned(String service)
            {
                agent.unassigned(service);
            }
        };
    }

    private static NodeStatus status(EtcdSchedulerBridge bridge, String node)
    {
        return bridge.nodes().stream().filter(state -> state.id().equals(node)).findFirst().orElseThrow().status();
    }

    static void eventually(BooleanSupplier condition, Duration timeout)
    {
        Eventually.eventually(timeout, condition, "the cluster's condition");
    }
}
