package dev.berth.gpu.plan;

import static dev.berth.gpu.plan.GpuRequests.exclusive;
import static dev.berth.gpu.plan.GpuRequests.ids;
import static dev.berth.gpu.plan.GpuRequests.mps;
import static dev.berth.gpu.plan.GpuRequests.timeSlice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.Configuration;
import dev.berth.core.error.GpuSharingUnavailable;
import dev.berth.core.spec.GpuRequest;
import dev.berth.core.spec.Isolation;
import dev.berth.gpu.config.GpuConfig;
import dev.berth.gpu.edit.ContainerEdits;
import dev.berth.gpu.edit.DeviceNode;
import dev.berth.gpu.testing.HostTree;
import dev.berth.gpu.testing.TestingCommandRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Native Linux: GPUs come from CDI specs in a temp dir standing in for {@code /etc/cdi}. */
class NativeGpuPlanTest
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

    @TempDir
    Path root;

    private HostTree host;
    private final TestingCommandRunner commands = new TestingCommandRunner();

    @BeforeEach
    void setUp()
    {
        host = new HostTree(root).file("/etc/cdi/nvidia.json", SPEC);
    }

    private GpuPlanner planner(GpuConfig config)
    {
        return new GpuPlanner(host.view(commands), BackendKind.NATIVE_LINUX, config);
    }

    @Test
    void countPicksTheFirstDevices()
    {
        ContainerEdits edits = planner(GpuConfig.DEFAULTS).plan(exclusive(2), Isolation.AUTO);
        assertThat(edits.deviceNodes()).extracting(DeviceNode::path).containsExactly("/dev/nvidia0", "/dev/nvidiactl", "/dev/nvidia1");
    }

    @Test
    void allAndIdsMapToCdiNames()
    {
        assertThat(planner(GpuConfig.DEFAULTS).plan(exclusive(GpuRequest.ALL), Isolation.AUTO).deviceNodes())
                .extracting(DeviceNode::path).containsExactly("/dev/nvidia0", "/dev/nvidia1", "/dev/nvidiactl");
        assertThat(planner(GpuConfig.DEFAULTS).plan(ids("1"), Isolation.AUTO).deviceNodes())
                .extracting(DeviceNode::path).containsExactly("/dev/nvidia1", "/dev/nvidiactl");
    }

    @Test
    void aGpuWithNoCdiDeviceIsAnErrorNotCpu()
    {
        assertThatThrownBy(() -> planner(GpuConfig.DEFAULTS).plan(exclusive(3), Isolation.AUTO))
                .isInstanceOf(Configuration.class)
                .hasMessageContaining("nvidia.com/gpu=2");
        new HostTree(root.resolve("empty")).directory("/etc/cdi");
        GpuPlanner bare = new GpuPlanner(new HostTree(root.resolve("empty")).view(commands), BackendKind.NATIVE_LINUX, GpuConfig.DEFAULTS);
        assertThatThrownBy(() -> bare.plan(exclusive(1), Isolation.AUTO))
                .isInstanceOf(Configuration.class)
                .hasMessageContaining("no CDI spec for kind nvidia.com/gpu");
    }

    @Test
    void mpsOnNativeAddsCdiAndMpsEdits()
    {
        host.mps();
        ContainerEdits edits = planner(GpuConfig.DEFAULTS).plan(mps(), Isolation.AUTO);
        assertThat(edits.deviceNodes()).extracting(DeviceNode::path).contains("/dev/nvidia0");
        assertThat(edits.env()).contains("CUDA_MPS_PIPE_DIRECTORY=/tmp/nvidia-mps", "CUDA_MPS_LOG_DIRECTORY=/var/log/nvidia-mps");
        assertThat(edits.hostIpc()).isTrue();
    }

    @Test
    void mpsDirectoriesMissingOnNative()
    {
        assertThatThrownBy(() -> planner(GpuConfig.DEFAULTS).plan(mps(), Isolation.PROCESS))
                .isInstanceOfSatisfying(GpuSharingUnavailable.class, error -> assertThat(error.reason())
                        .contains("/tmp/nvidia-mps does not exist").contains("/var/log/nvidia-mps does not exist")
                        .contains("ensure nvidia-cuda-mps-control is running"));
    }

    @Test
    void timeSliceExposesAllAndPicksTheGpuFromSysfsInventory()
    {
        host.file("/sys/bus/pci/devices/0000:01:00.0/class", "0x030200\n").file("/sys/bus/pci/devices/0000:01:00.0/vendor", "0x10de\n")
                .file("/sys/bus/pci/devices/0000:02:00.0/class", "0x030200\n").file("/sys/bus/pci/devices/0000:02:00.0/vendor", "0x10de\n");
        ContainerEdits edits = planner(GpuConfig.DEFAULTS.withTimeSliceReplicas(4)).plan(timeSlice(5), Isolation.AUTO);
        assertThat(edits.env()).containsExactly("CUDA_VISIBLE_DEVICES=1");
        assertThat(edits.deviceNodes()).extracting(DeviceNode::path).containsExactly("/dev/nvidia0", "/dev/nvidia1", "/dev/nvidiactl");
    }
}
