package dev.berth.gpu.assign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.GpuSharingUnavailable;
import dev.berth.core.spec.GpuRequest;
import dev.berth.core.spec.GpuSharing;
import dev.berth.core.spec.MpsSettings;
import dev.berth.gpu.config.GpuConfig;
import dev.berth.gpu.testing.HostTree;
import dev.berth.gpu.testing.TestingCommandRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** What a request is given, written down, and who may share a GPU with whom; CDI specs in a fake host tree. */
class GpuAssignerTest
{
    private static final String SPEC = """
            {"cdiVersion": "0.6.0", "kind": "nvidia.com/gpu",
             "devices": [
               {"name": "0", "containerEdits": {"deviceNodes": [{"path": "/dev/nvidia0", "type": "c", "major": 195, "minor": 0}]}},
               {"name": "1", "containerEdits": {"deviceNodes": [{"path": "/dev/nvidia1", "type": "c", "major": 195, "minor": 1}]}},
               {"name": "all", "containerEdits": {"deviceNodes": [{"path": "/dev/nvidia0", "type": "c", "major": 195, "minor": 0},
                                                                  {"path": "/dev/nvidia1", "type": "c", "major": 195, "minor": 1}]}}],
             "containerEdits": {"deviceNodes": [{"path": "/dev/nvidiactl", "type": "c", "major": 195, "minor": 255}]}}
            """;
    private static final Instant NOW = Instant.parse("2026-12-07T23:00:00Z");

    @TempDir
    Path root;

    private GpuAssigner assigner;

    @BeforeEach
    void setUp()
    {
        HostTree host = new HostTree(root).file("/etc/cdi/nvidia.json", SPEC)
                .characterDevice("/dev/nvidia0").characterDevice("/dev/nvidia1").characterDevice("/dev/nvidiactl");
        assigner = new GpuAssigner(host.view(new TestingCommandRunner()), GpuConfig.DEFAULTS.withTimeSliceReplicas(2), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static GpuRequest request(int count, List<String> ids, GpuSharing sharing, OptionalInt slice)
    {
        return new GpuRequest(count, "nvidia", ids, sharing, MpsSettings.DEFAULTS, slice);
    }

    @Test
    void aCountIsTheFirstGpusWithTheirDeviceNodes()
    {
        GpuAssignment assignment = assigner.assign("a.1", request(2, List.of(), GpuSharing.EXCLUSIVE, OptionalInt.empty()), Map.of());
        assertThat(assignment.gpus()).containsExactly("0", "1");
        assertThat(assignment.deviceNodes()).containsExactly("/dev/nvidia0", "/dev/nvidiactl", "/dev/nvidia1");
        assertThat(assignment.mps()).isEmpty();
        assertThat(assignment.checked()).isEqualTo(NOW);
    }

    @Test
    void mpsAndTimeSliceKeepTheirSettingsAndSlot()
    {
        GpuAssignment mps = assigner.assign("m.1", request(1, List.of(), GpuSharing.MPS, OptionalInt.empty()), Map.of());
        assertThat(mps.mps()).contains(MpsSettings.DEFAULTS);
        GpuAssignment slice = assigner.assign("t.1", request(1, List.of(), GpuSharing.TIME_SLICE, OptionalInt.of(3)), Map.of());
        assertThat(slice.timeSliceIndex()).hasValue(3);
        assertThat(slice.gpus()).as("slot 3 of 2 replicas per GPU is on GPU 1").containsExactly("1");
        assertThat(slice.deviceNodes()).contains("/dev/nvidia0", "/dev/nvidia1");
    }

    @Test
    void anExclusiveHolderRefusesAnyoneElseOnItsGpuButNotOnAnother()
    {
        GpuAssignment held = assigner.assign("a.1", request(1, List.of(), GpuSharing.EXCLUSIVE, OptionalInt.empty()), Map.of());
        Map<String, GpuAssignment> holders = Map.of("a.1", held);

        assertThatThrownBy(() -> assigner.assign("b.1", request(1, List.of(), GpuSharing.EXCLUSIVE, OptionalInt.empty()), holders))
                .isInstanceOfSatisfying(GpuSharingUnavailable.class, e -> assertThat(e.reason()).isEqualTo("GPU 0 is held exclusively by container 'a.1'; "
                        + "a count takes the first GPUs (0), name others with resources.gpu.ids"));
        assertThatThrownBy(() -> assigner.assign("m.1", request(1, List.of(), GpuSharing.MPS, OptionalInt.empty()), holders))
                .isInstanceOf(GpuSharingUnavailable.class);
        assertThatThrownBy(() -> assigner.assign("all.1", request(GpuRequest.ALL, List.of(), GpuSharing.EXCLUSIVE, OptionalInt.empty()), holders))
                .isInstanceOf(GpuSharingUnavailable.class);
        assertThat(assigner.assign("c.1", request(1, List.of("1"), GpuSharing.EXCLUSIVE, OptionalInt.empty()), holders).gpus()).containsExactly("1");
        assertThat(assigner.assign("a.1", request(1, List.of(), GpuSharing.EXCLUSIVE, OptionalInt.empty()), holders).gpus())
                .as("a replica restarting is not its own rival").containsExactly("0");
    }

    @Test
    void sharersShareAndAnExclusiveRequestWaitsForThemToLeave()
    {
        GpuAssignment mps = assigner.assign("m.1", request(1, List.of(), GpuSharing.MPS, OptionalInt.empty()), Map.of());
        assertThat(assigner.assign("m.2", request(1, List.of(), GpuSharing.MPS, OptionalInt.empty()), Map.of("m.1", mps)).gpus()).containsExactly("0");
        assertThatThrownBy(() -> assigner.assign("x.1", request(1, List.of(), GpuSharing.EXCLUSIVE, OptionalInt.empty()), Map.of("m.1", mps)))
                .isInstanceOfSatisfying(GpuSharingUnavailable.class, e -> assertThat(e.reason()).contains("already in use by container 'm.1' (mps)"));
    }

    @Test
    void aHostWithoutCdiRecordsNoDeviceNodesAndLeavesTheRefusalToThePlanner()
    {
        GpuAssigner bare = new GpuAssigner(new HostTree(root.resolve("bare")).view(new TestingCommandRunner()), GpuConfig.DEFAULTS, Clock.systemUTC());
        GpuAssignment assignment = bare.assign("a.1", request(1, List.of(), GpuSharing.EXCLUSIVE, OptionalInt.empty()), Map.of());
        assertThat(assignment.gpus()).containsExactly("0");
        assertThat(assignment.deviceNodes()).isEmpty();
    }

    @Test
    void theJsonFormRoundTrips()
    {
        GpuAssignment assignment = new GpuAssignment(GpuSharing.MPS, List.of("0"), List.of("/dev/nvidia0"),
                Optional.of(new MpsSettings("/run/mps", "/var/log/mps", OptionalInt.of(25), Optional.of("0=1G"))), OptionalInt.of(2),
                List.of("device /dev/nvidia0 is gone"), NOW);
        assertThat(GpuAssignmentJson.decode(GpuAssignmentJson.encode(assignment))).isEqualTo(assignment);
        assertThatThrownBy(() -> GpuAssignmentJson.decode(GpuAssignmentJson.encode(assignment).put("sharing", "shared")))
                .hasMessageContaining("gpu.sharing");
    }
}
