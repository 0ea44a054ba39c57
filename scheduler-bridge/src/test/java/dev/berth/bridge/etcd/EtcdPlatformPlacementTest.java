package dev.berth.bridge.etcd;

import static dev.berth.bridge.testing.TestCluster.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.bridge.BridgeConfig;
import dev.berth.bridge.ClusterService;
import dev.berth.bridge.ServicePhase;
import dev.berth.bridge.testing.TestCluster;
import dev.berth.bridge.testing.TestEtcd;
import dev.berth.bridge.testing.TestingAgent;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.runtime.ImagePlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Placement by the image. Every part of the platform is a placement signal, not only the OS: an image of another
 * architecture, or of a Windows build a node cannot run, is answered with WrongPlatform by the node it was given to
 * and re-placed on a node that fits. And among nodes that fit, one that holds the image already is preferred.
 */
class EtcdPlatformPlacementTest
{
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private static final Map<String, ImagePlatform> REGISTRY = Map.of(
            "linux-app", ImagePlatform.of("linux", "amd64"),
            "arm-app", new ImagePlatform("linux", "arm64", Optional.of("v8"), Optional.empty()),
            "windows-26100", new ImagePlatform("windows", "amd64", Optional.empty(), Optional.of("10.0.26100.1742")));
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
    void anArm64ImageSubmittedThroughAnAmd64NodeRunsOnTheArm64Node()
    {
        TestingAgent amd64 = TestingAgent.linux("l1", REGISTRY);
        EtcdSchedulerBridge through = join(amd64);
        join(TestingAgent.linux("l2", REGISTRY));
        TestingAgent arm64 = new TestingAgent("z1", HostPlatform.linux("arm64"), List.of("youki"), REGISTRY);
        join(arm64);

        through.submit(List.of(service("edge", "arm-app", 1)));
        ClusterService result = through.await("edge", SETTLE);

        assertThat(result.phase()).as(result.message()).isEqualTo(ServicePhase.RUNNING);
        assertThat(result.placements()).isEqualTo(Map.of("z1", 1));
        // l1's answer named the image's architecture, so the other amd64 node was never tried
        assertThat(result.excluded()).containsOnlyKeys("l1");
        assertThat(result.excluded().get("l1")).contains("architecture arm64 and this node is amd64");
        assertThat(arm64.running("edge")).isEqualTo(1);
        assertThat(amd64.running("edge")).isZero();
    }

    @Test
    void anArm64ImageWithNoArm64NodeFailsNamingTheArchitectures()
    {
        EtcdSchedulerBridge through = join(TestingAgent.linux("l1", REGISTRY));
        join(TestingAgent.linux("l2", REGISTRY));

        through.submit(List.of(service("edge", "arm-app", 1)));
        ClusterService result = through.await("edge", SETTLE);

        assertThat(result.phase()).isEqualTo(ServicePhase.FAILED);
        assertThat(result.message()).contains("node 'l1' answered wrong-platform: image 'arm-app' is built for architecture arm64")
                .contains("node 'l2' cannot: it is amd64, the image is for arm64");
    }

    @Test
    void aWindowsBuildNewerThanTheSubmittingNodesRunsOnTheNodeOfThatBuild()
    {
        TestingAgent server2022 = TestingAgent.windows("w1", REGISTRY);
        EtcdSchedulerBridge through = join(server2022);
        TestingAgent server2025 = new TestingAgent("w2", HostPlatform.windows("amd64", "10.0.26100"), List.of("hcs"), REGISTRY);
        join(server2025);

        through.submit(List.of(service("iis", "windows-26100", 1)));
        ClusterService result = through.await("iis", SETTLE);

        assertThat(result.phase()).as(result.message()).isEqualTo(ServicePhase.RUNNING);
        assertThat(result.placements()).isEqualTo(Map.of("w2", 1));
        assertThat(result.excluded().get("w1")).contains("Windows build 26100 and this node's build is 20348");
        assertThat(server2025.running("iis")).isEqualTo(1);
        assertThat(server2022.running("iis")).isZero();
    }

    @Test
    void aNodeThatHoldsTheImageIsPreferredOverTheSubmittingNode()
    {
        TestingAgent submitter = TestingAgent.linux("l1", REGISTRY);
        TestingAgent holder = TestingAgent.linux("l2", REGISTRY);
        holder.hold("linux-app");
        EtcdSchedulerBridge through = join(submitter);
        join(holder);

        through.submit(List.of(service("web", "linux-app", 1)));
        ClusterService result = through.await("web", SETTLE);

        assertThat(result.phase()).as(result.message()).isEqualTo(ServicePhase.RUNNING);
        assertThat(result.placements()).isEqualTo(Map.of("l2", 1));
        assertThat(result.message()).isEqualTo("1 of 1 replicas placed; node 'l2' holds the image already, so no pull");
        assertThat(holder.pulled()).isEmpty();
        assertThat(submitter.pulled()).isEmpty();
        // what each node holds is in its published state
        assertThat(through.nodes().stream().filter(node -> node.id().equals("l2")).findFirst().orElseThrow().images())
                .extracting(dev.berth.bridge.HeldImage::reference).containsExactly("docker.io/library/linux-app:latest");
    }

    private EtcdSchedulerBridge join(TestingAgent agent)
    {
        EtcdSchedulerBridge bridge = new EtcdSchedulerBridge(BridgeConfig.from(cluster.base().with("bridge.node.id", agent.nodeId())));
        bridge.start(agent.nodeState(), agent);
        bridges.add(bridge);
        return bridge;
    }
}
