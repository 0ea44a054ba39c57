package dev.berth.bridge.placement;

import static dev.berth.bridge.testing.TestCluster.REGISTRY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.bridge.AssignmentOutcome;
import dev.berth.bridge.Capacity;
import dev.berth.bridge.ClusterService;
import dev.berth.bridge.GpuInventory;
import dev.berth.bridge.HeldImage;
import dev.berth.bridge.NodeState;
import dev.berth.bridge.ServicePhase;
import dev.berth.bridge.testing.TestingAgent;
import dev.berth.core.error.WrongPlatform;
import dev.berth.core.spec.SpecParser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

class PlannerTest
{
    private final Planner planner = new Planner();
    private final NodeState linux = TestingAgent.linux("l1", REGISTRY).nodeState();
    private final NodeState windows = TestingAgent.windows("w1", REGISTRY).nodeState();

    @Test
    void wrongPlatformIsASoftSkipNotAFailure()
    {
        ServiceRecord web = record("name: web\nimage: linux-app\n", "w1");
        NodeReport skip = NodeReport.of("web", "w1", 1, AssignmentOutcome.of(new WrongPlatform("hcs", "windows", "linux", "linux-app")));
        ClusterSnapshot snapshot = new ClusterSnapshot(1, Map.of("l1", linux, "w1", windows), Set.of("l1", "w1"), Map.of("web", web),
                Map.of("web", Map.of("w1", new AssignmentRecord("web", "w1", 1, 1))), Map.of("web", Map.of("w1", skip)));

        Plan plan = planner.plan(snapshot);

        assertThat(plan.assignments().get("web")).isEqualTo(Map.of("l1", 1));
        assertThat(plan.statuses().get("web").phase()).isEqualTo(ServicePhase.PLACED);
    }

    @Test
    void anArchitectureLearnedFromASignalPassesOverNodesOfTheWrongArchitecture()
    {
        NodeState amd64 = TestingAgent.linux("l2", REGISTRY).nodeState();
        NodeState arm64 = new NodeState("z1", "", linux.os(), "arm64", "", linux.backends(), linux.gpus(), linux.capacity(), linux.allocatable(),
                Map.of(), linux.status(), List.of());
        ServiceRecord edge = record("name: edge\nimage: arm-app\n", "l1");
        NodeReport skip = NodeReport.of("edge", "l1", 1, AssignmentOutcome.of(
                new WrongPlatform("youki", WrongPlatform.ARCH, "amd64", "arm64", "arm-app", "linux", "")));
        ClusterSnapshot snapshot = new ClusterSnapshot(1, Map.of("l1", linux, "l2", amd64, "z1", arm64), Set.of("l1", "l2", "z1"),
                Map.of("edge", edge), Map.of(), Map.of("edge", Map.of("l1", skip)));

        assertThat(planner.plan(snapshot).assignments().get("edge")).isEqualTo(Map.of("z1", 1));

        ClusterSnapshot withoutArm = new ClusterSnapshot(1, Map.of("l1", linux, "l2", amd64), Set.of("l1", "l2"), Map.of("edge", edge), Map.of(),
                Map.of("edge", Map.of("l1", skip)));
        ClusterService failed = planner.plan(withoutArm).statuses().get("edge");
        assertThat(failed.phase()).isEqualTo(ServicePhase.FAILED);
        assertThat(failed.message()).contains("node 'l2' cannot: it is amd64, the image is for arm64")
                .startsWith("no cluster node can run service 'edge' (requires linux/arm64): ")
                .endsWith("Remedies: add a linux/arm64 node to the cluster, or use an image built for the architecture of the cluster's "
                        + "linux nodes (set platform.arch to it).");
    }

    @Test
    void amongEquallyFittingNodesOneHoldingTheImageIsPreferredAndTheStatusSaysSo()
    {
        NodeState holder = TestingAgent.linux("l2", REGISTRY).nodeState()
                .withImages(List.of(new HeldImage("docker.io/library/other:1", "sha256:0"), new HeldImage("docker.io/library/linux-app:latest", "sha256:1")));
        ServiceRecord web = record("name: web\nimage: linux-app\n", "l1");
        ClusterSnapshot snapshot = new ClusterSnapshot(1, Map.of("l1", linux, "l2", holder), Set.of("l1", "l2"), Map.of("web", web), Map.of(),
                Map.of());

        Plan plan = planner.plan(snapshot);

        assertThat(plan.assignments().get("web")).as("the submitting node l1 would win without the image").isEqualTo(Map.of("l2", 1));
        assertThat(plan.statuses().get("web").message()).isEqualTo("1 of 1 replicas placed; node 'l2' holds the image already, so no pull");
        assertThat(plan.heldImage("web", "l2")).isTrue();

        // kept on the next pass, the assignment still says why it is there
        ClusterSnapshot next = new ClusterSnapshot(2, Map.of("l1", linux, "l2", holder), Set.of("l1", "l2"), Map.of("web", web),
                Map.of("web", Map.of("l2", new AssignmentRecord("web", "l2", 1, 1, true))), Map.of());
        assertThat(planner.plan(next).statuses().get("web").message()).endsWith("node 'l2' holds the image already, so no pull");

        // spreading comes first: a second replica goes to the other node, which must pull
        ServiceRecord two = record("name: web\nimage: linux-app\nreplicas: 2\n", "l1");
        ClusterSnapshot spread = new ClusterSnapshot(1, Map.of("l1", linux, "l2", holder), Set.of("l1", "l2"), Map.of("web", two), Map.of(),
                Map.of());
        assertThat(planner.plan(spread).assignments().get("web")).isEqualTo(Map.of("l1", 1, "l2", 1));
        // a digest matches too
        ServiceRecord pinned = record("name: web\nimage: registry.local:5000/app@sha256:1\n", "l1");
        assertThat(planner.plan(new ClusterSnapshot(1, Map.of("l1", linux, "l2", holder), Set.of("l1", "l2"), Map.of("web", pinned), Map.of(),
                Map.of())).assignments().get("web")).isEqualTo(Map.of("l2", 1));
    }

    @Test
    void signalsOfAnOlderGenerationAreIgnored()
    {
        ServiceRecord web = new ServiceRecord("web", 2, (ObjectNode) SpecParser.tree("name: web\nimage: linux-app\n"), "w1");
        NodeReport old = NodeReport.of("web", "w1", 1, AssignmentOutcome.of(new WrongPlatform("hcs", "windows", "linux", "linux-app")));
        ClusterSnapshot snapshot = new ClusterSnapshot(1, Map.of("w1", windows), Set.of("w1"), Map.of("web", web), Map.of(),
                Map.of("web", Map.of("w1", old)));

        assertThat(planner.plan(snapshot).assignments().get("web")).isEqualTo(Map.of("w1", 1));
    }

    @Test
    void platformOsInTheSpecSkipsNodesThatCannotServeItAndFailsWithTheWindowsRemedy()
    {
        ServiceRecord iis = record("name: iis\nimage: windows-app\nplatform:\n  os: windows\n", "l1");
        ClusterSnapshot snapshot = new ClusterSnapshot(1, Map.of("l1", linux, "w1", windows), Set.of("l1"), Map.of("iis", iis), Map.of(),
                Map.of());

        ClusterService status = planner.plan(snapshot).statuses().get("iis");

        assertThat(status.phase()).isEqualTo(ServicePhase.FAILED);
        assertThat(status.message()).isEqualTo("no cluster node can run service 'iis' (requires OS 'windows'): node 'w1' is down. "
                + "Remedies: add a windows peer to the cluster (a Windows node with the HCS backend), or set platform.os to linux if "
                + "the image has a Linux variant.");
    }

    @Test
    void capacityLeavesReplicasPendingAndKeepsExistingPlacements()
    {
        NodeState small = new NodeState("l2", "", linux.os(), "amd64", "", linux.backends(), linux.gpus(), new Capacity(1000, 1L << 30),
                new Capacity(1000, 1L << 30), Map.of("zone", "a"), linux.status(), List.of());
        ServiceRecord web = record("name: web\nimage: linux-app\nreplicas: 3\nlabels:\n  berth.node.zone: a\nresources:\n  memory: 512Mi\n", "l2");
        ClusterSnapshot snapshot = new ClusterSnapshot(1, Map.of("l1", linux, "l2", small), Set.of("l1", "l2"), Map.of("web", web),
                Map.of(), Map.of());

        ClusterService status = planner.plan(snapshot).statuses().get("web");

        assertThat(status.placements()).isEqualTo(Map.of("l2", 2));
        assertThat(status.phase()).isEqualTo(ServicePhase.PENDING);
        assertThat(status.message()).contains("2 of 3 replicas placed").contains("node 'l1' cannot: it lacks the label zone=a");
    }

    @Test
    void gpuServicesGoOnlyWhereFreeGpusAre()
    {
        NodeState gpuNode = new NodeState("g1", "", linux.os(), "amd64", "", linux.backends(), new GpuInventory(2, "nvidia", "A100", 40L << 30, 1),
                linux.capacity(), linux.allocatable(), Map.of(), linux.status(), List.of());
        ServiceRecord train = record("name: train\nimage: linux-app\nreplicas: 3\nresources:\n  gpu:\n    count: 1\n", "l1");
        ClusterSnapshot snapshot = new ClusterSnapshot(1, Map.of("l1", linux, "g1", gpuNode), Set.of("l1", "g1"), Map.of("train", train),
                Map.of(), Map.of());

        ClusterService status = planner.plan(snapshot).statuses().get("train");

        assertThat(status.placements()).isEqualTo(Map.of("g1", 2));
        assertThat(status.phase()).isEqualTo(ServicePhase.PENDING);
        assertThat(status.message()).contains("node 'l1' cannot: it has 0 GPU(s), the service needs 1").contains("node 'g1' full");
    }

    private static ServiceRecord record(String yaml, String submittedBy)
    {
        ObjectNode source = (ObjectNode) SpecParser.tree(yaml);
        return new ServiceRecord(source.get("name").asText(), 1, source, submittedBy);
    }
}
