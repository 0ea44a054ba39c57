package dev.berth.bridge.etcd;

import static dev.berth.bridge.etcd.EtcdClusterTest.eventually;
import static dev.berth.bridge.testing.TestCluster.REGISTRY;
import static dev.berth.bridge.testing.TestCluster.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.bridge.BridgeConfig;
import dev.berth.bridge.NodeState;
import dev.berth.bridge.NodeStatus;
import dev.berth.bridge.ServiceDefinition;
import dev.berth.bridge.ServicePhase;
import dev.berth.bridge.testing.TestCluster;
import dev.berth.bridge.testing.TestEtcd;
import dev.berth.bridge.testing.TestTcpProxy;
import dev.berth.bridge.testing.TestingAgent;
import dev.berth.core.spec.SpecParser;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The disconnect fence: one node cut off etcd by {@link TestTcpProxy} while the others go on. Lease TTL 2 s and
 * fence-after 2 s (its default, the TTL) unless a test says otherwise.
 */
class EtcdFenceTest
{
    private static final Logger log = LogManager.getLogger(EtcdFenceTest.class);
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private static final Duration LEASE_TTL = Duration.ofSeconds(2);
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
    void aNodeCutOffStopsItsServicesBeforeTheirCopiesRunLongElsewhereAndKeepsWhatAsksToBeKept()
    {
        TestingAgent peer = TestingAgent.linux("l2", REGISTRY);
        TestingAgent isolated = TestingAgent.linux("l1", REGISTRY);
        try (TestTcpProxy proxy = new TestTcpProxy(etcd.clientPort())) {
            EtcdSchedulerBridge peerBridge = join(peer, etcd.endpoint(), Map.of());
            EtcdSchedulerBridge isolatedBridge = join(isolated, proxy.endpoint(), Map.of());
            assertThat(isolatedBridge.submit(List.of(service("web", "linux-app", 1), keep("db"))))
                    .extracting(service -> service.name()).containsExactly("web", "db");
            assertThat(isolatedBridge.await("web", SETTLE).placements()).isEqualTo(Map.of("l1", 1));
            assertThat(isolatedBridge.await("db", SETTLE).placements()).isEqualTo(Map.of("l1", 1));
            isolated.runLocal("scratch", "linux-app");

            long cut = System.nanoTime();
            proxy.cut();
            Overlap web = Overlap.watch(() -> isolated.running("web") == 1, () -> peer.running("web") == 1, Duration.ofSeconds(20));
            log.info("l1 cut off etcd: it stopped web after {} ms, l2 started web after {} ms; both ran it for {} ms (bound {} ms)",
                    Duration.ofNanos(web.firstStopped() - cut).toMillis(), Duration.ofNanos(web.secondStarted() - cut).toMillis(),
                    web.both().toMillis(), LEASE_TTL.plus(LEASE_TTL).plusSeconds(1).toMillis());

            Duration bound = LEASE_TTL.plus(LEASE_TTL).plusSeconds(1);
            assertThat(web.both()).as("time both copies of web ran").isLessThanOrEqualTo(bound);
            assertThat(isolated.running("web")).as("fenced while still cut off").isZero();
            eventually(() -> peer.running("db") == 1, Duration.ofSeconds(10));
            assertThat(isolated.running("db")).as("cluster.onDisconnect: keep").isEqualTo(1);
            assertThat(isolated.runningLocal("scratch")).as("a local container is never fenced").isTrue();
            assertThat(isolated.journal()).contains("unassigned web").doesNotContain("unassigned db");

            int assignedBefore = assignments(isolated, "web");
            proxy.restore();
            eventually(() -> status(peerBridge, "l1") == NodeStatus.READY, Duration.ofSeconds(15));
            // back, l1 stops its kept copy of db, which was moved away, and does not restart web: it is l2's now
            eventually(() -> isolated.running("db") == 0, Duration.ofSeconds(15));
            assertThat(peerBridge.service("web").placements()).isEqualTo(Map.of("l2", 1));
            assertThat(peerBridge.service("db").placements()).isEqualTo(Map.of("l2", 1));
            assertThat(isolated.running("web")).isZero();
            assertThat(assignments(isolated, "web")).as("web handed to l1 again").isEqualTo(assignedBefore);
            assertThat(isolated.runningLocal("scratch")).isTrue();
        }
    }

    /**
     * Fenced after 2 s but back well within its 20 s lease: nothing was re-placed, the scheduler still assigns web to
     * l1, so l1 runs it again, under the same assignment (epoch) as before the cut.
     */
    @Test
    void aFencedNodeRunsAgainWhatTheSchedulerStillAssignsItWhenItIsBack()
    {
        TestingAgent isolated = TestingAgent.linux("l1", REGISTRY);
        try (TestTcpProxy proxy = new TestTcpProxy(etcd.clientPort())) {
            Map<String, String> longLease = Map.of("bridge.etcd.lease-ttl", "20s", "bridge.etcd.fence-after", "2s");
            EtcdSchedulerBridge observer = join(TestingAgent.windows("w1", REGISTRY), etcd.endpoint(), longLease);
            EtcdSchedulerBridge isolatedBridge = join(isolated, proxy.endpoint(), longLease);
            isolatedBridge.submit(List.of(service("web", "linux-app", 1)));
            assertThat(isolatedBridge.await("web", SETTLE).placements()).isEqualTo(Map.of("l1", 1));
            String assigned = lastAssignment(isolated, "web");

            proxy.cut();
            eventually(() -> isolated.running("web") == 0, Duration.ofSeconds(10));
            proxy.restore();

            eventually(() -> isolated.running("web") == 1, Duration.ofSeconds(15));
            assertThat(lastAssignment(isolated, "web")).as("the same assignment, applied again").isEqualTo(assigned);
            assertThat(observer.service("web").phase()).isEqualTo(ServicePhase.RUNNING);
            assertThat(status(observer, "l1")).isEqualTo(NodeStatus.READY);
        }
    }

    /** The agent restarts (a new bridge) while cut off: what it ran before is fenced all the same, counted from its start. */
    @Test
    void aNodeRestartedWhileCutOffStopsWhatItRanBefore()
    {
        TestingAgent peer = TestingAgent.linux("l2", REGISTRY);
        TestingAgent isolated = TestingAgent.linux("l1", REGISTRY);
        try (TestTcpProxy proxy = new TestTcpProxy(etcd.clientPort())) {
            EtcdSchedulerBridge peerBridge = join(peer, etcd.endpoint(), Map.of());
            EtcdSchedulerBridge before = join(isolated, proxy.endpoint(), Map.of());
            before.submit(List.of(service("web", "linux-app", 1), keep("db")));
            assertThat(before.await("web", SETTLE).placements()).isEqualTo(Map.of("l1", 1));
            assertThat(before.await("db", SETTLE).placements()).isEqualTo(Map.of("l1", 1));
            proxy.cut();
            before.halt();

            join(isolated, proxy.endpoint(), Map.of());
            eventually(() -> isolated.running("web") == 0, Duration.ofSeconds(10));
            assertThat(isolated.running("db")).as("cluster.onDisconnect: keep").isEqualTo(1);
            eventually(() -> peer.running("web") == 1 && peer.running("db") == 1, Duration.ofSeconds(10));

            proxy.restore();
            eventually(() -> status(peerBridge, "l1") == NodeStatus.READY && isolated.running("db") == 0, Duration.ofSeconds(15));
            assertThat(isolated.running("web")).isZero();
            assertThat(peerBridge.service("web").placements()).isEqualTo(Map.of("l2", 1));
        }
    }

    private static ServiceDefinition keep(String name)
    {
        return ServiceDefinition.parse(SpecParser.tree("name: " + name + "\nimage: linux-app\nreplicas: 1\ncluster:\n  onDisconnect: keep\n"), null);
    }

    private static int assignments(TestingAgent agent, String service)
    {
        return (int) agent.journal().stream().filter(entry -> entry.startsWith("assigned " + service + " ")).count();
    }

    private static String lastAssignment(TestingAgent agent, String service)
    {
        List<String> entries = agent.journal().stream().filter(entry -> entry.startsWith("assigned " + service + " ")).toList();
        return entries.get(entries.size() - 1);
    }

    private EtcdSchedulerBridge join(TestingAgent agent, String endpoint, Map<String, String> settings)
    {
        var config = cluster.base().with("bridge.node.id", agent.nodeId()).with("bridge.etcd.endpoints", endpoint);
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            config = config.with(setting.getKey(), setting.getValue());
        }
        EtcdSchedulerBridge bridge = new EtcdSchedulerBridge(BridgeConfig.from(config));
        bridge.start(agent.nodeState(), agent);
        bridges.add(bridge);
        return bridge;
    }

    private static NodeStatus status(EtcdSchedulerBridge bridge, String node)
    {
        return bridge.nodes().stream().filter(state -> state.id().equals(node)).findFirst().map(NodeState::status).orElseThrow();
    }
}
