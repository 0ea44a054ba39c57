package dev.berth.gpu.plan;

import static dev.berth.gpu.plan.GpuRequests.exclusive;
import static dev.berth.gpu.plan.GpuRequests.ids;
import static dev.berth.gpu.plan.GpuRequests.mps;
import static dev.berth.gpu.plan.GpuRequests.timeSlice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.GpuSharingUnavailable;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.error.WslGpuUnavailable;
import dev.berth.core.spec.Isolation;
import dev.berth.gpu.config.GpuConfig;
import dev.berth.gpu.edit.ContainerEdits;
import dev.berth.gpu.edit.DeviceNode;
import dev.berth.gpu.edit.MountEdit;
import dev.berth.gpu.testing.HostTree;
import dev.berth.gpu.testing.TestingCommandRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

/** The WSL2 matrix: every probe runs against a temp dir standing in for the distro's {@code /}. */
class Wsl2GpuPlanTest
{
    @TempDir
    Path root;

    private HostTree distro;
    private final TestingCommandRunner commands = new TestingCommandRunner();

    @BeforeEach
    void setUp()
    {
        distro = new HostTree(root);
    }

    private GpuPlanner planner(GpuConfig config)
    {
        return new GpuPlanner(distro.view(commands), BackendKind.WSL2, config);
    }

    private GpuPlanner planner()
    {
        return planner(GpuConfig.DEFAULTS);
    }

    @Test
    void noGpuRequestedMeansNoEditsAndNoProbes()
    {
        assertThat(planner().plan(Optional.empty(), Isolation.AUTO)).isEqualTo(ContainerEdits.NONE);
        assertThat(commands.calls()).isEmpty();
    }

    @Test
    void dxgPresentGivesDeviceBindLibrariesAndLibraryPath()
    {
        distro.wslGpu();
        ContainerEdits edits = planner().plan(exclusive(1), Isolation.AUTO);
        assertThat(edits.deviceNodes()).containsExactly(DeviceNode.character("/dev/dxg", HostTree.NULL_MAJOR, HostTree.NULL_MINOR));
        assertThat(edits.mounts()).containsExactly(
                MountEdit.bind("/dev/dxg", "/dev/dxg", false),
                MountEdit.bind("/usr/lib/wsl", "/usr/lib/wsl", true));
        assertThat(edits.mounts().get(1).readOnly()).isTrue();
        assertThat(edits.env()).containsExactly("LD_LIBRARY_PATH=/usr/lib/wsl/lib");
        assertThat(edits.hostIpc()).isFalse();
    }

    @Test
    void dxgMissingIsWslGpuUnavailableNamingIt()
    {
        distro.file("/usr/lib/wsl/lib/libcuda.so.1", "");
        assertThatThrownBy(() -> planner().plan(exclusive(1), Isolation.AUTO))
                .isInstanceOfSatisfying(WslGpuUnavailable.class, error -> {
                    assertThat(error.reason()).contains("/dev/dxg does not exist").doesNotContain("/usr/lib/wsl/lib does not exist");
                });
    }

    @Test
    void dxgThatIsNotADeviceIsRefused()
    {
        distro.file("/dev/dxg", "").file("/usr/lib/wsl/lib/libcuda.so.1", "");
        assertThatThrownBy(() -> planner().plan(exclusive(1), Isolation.AUTO))
                .isInstanceOf(WslGpuUnavailable.class)
                .hasMessageContaining("/dev/dxg")
                .hasMessageContaining("regular, not a character device");
    }

    @Test
    void missingDriverLibrariesAreNamedToo()
    {
        distro.characterDevice("/dev/dxg");
        assertThatThrownBy(() -> planner().plan(exclusive(1), Isolation.AUTO))
                .isInstanceOfSatisfying(WslGpuUnavailable.class, error -> assertThat(error.reason()).contains("/usr/lib/wsl/lib does not exist"));
        distro.directory("/usr/lib/wsl/lib");
        assertThatThrownBy(() -> planner().plan(exclusive(1), Isolation.AUTO))
                .isInstanceOfSatisfying(WslGpuUnavailable.class, error -> assertThat(error.reason()).contains("no libcuda.so in /usr/lib/wsl/lib"));
    }

    @Test
    void specificGpuIdsAreInvalidUnderWsl2()
    {
        distro.wslGpu();
        assertThatThrownBy(() -> planner().plan(ids("0"), Isolation.AUTO))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("resources.gpu.ids")
                .hasMessageContaining("'all'");
    }

    @Test
    void mpsWithDirectoriesPresentJoinsTheDaemon()
    {
        distro.wslGpu().mps();
        ContainerEdits edits = planner().plan(mps(50, "2G"), Isolation.AUTO);
        assertThat(edits.env()).containsExactly(
                "LD_LIBRARY_PATH=/usr/lib/wsl/lib",
                "CUDA_MPS_PIPE_DIRECTORY=/tmp/nvidia-mps",
                "CUDA_MPS_LOG_DIRECTORY=/var/log/nvidia-mps",
                "CUDA_MPS_ACTIVE_THREAD_PERCENTAGE=50",
                "CUDA_MPS_PINNED_DEVICE_MEM_LIMIT=0=2G");
        assertThat(edits.mounts()).contains(
                MountEdit.bind("/tmp/nvidia-mps", "/tmp/nvidia-mps", false),
                MountEdit.bind("/var/log/nvidia-mps", "/var/log/nvidia-mps", true));
        assertThat(edits.hostIpc()).isTrue();
        assertThat(edits.deviceNodes()).extracting(DeviceNode::path).containsExactly("/dev/dxg");
    }

    @Test
    void mpsPipeDirectoryMissing()
    {
        distro.wslGpu().directory("/var/log/nvidia-mps");
        assertThatThrownBy(() -> planner().plan(mps(), Isolation.AUTO))
                .isInstanceOfSatisfying(GpuSharingUnavailable.class, error -> {
                    assertThat(error.mode()).isEqualTo("mps");
                    assertThat(error.reason()).contains("/tmp/nvidia-mps does not exist").contains("ensure nvidia-cuda-mps-control is running");
                });
    }

    @Test
    void mpsControlPipeMissing()
    {
        distro.wslGpu().directory("/tmp/nvidia-mps").directory("/var/log/nvidia-mps");
        assertThatThrownBy(() -> planner().plan(mps(), Isolation.AUTO))
                .isInstanceOfSatisfying(GpuSharingUnavailable.class, error ->
                        assertThat(error.reason()).contains("/tmp/nvidia-mps/control does not exist").contains("ensure nvidia-cuda-mps-control is running"));
    }

    @Test
    void mpsLogDirectoryMissing()
    {
        distro.wslGpu().fifo("/tmp/nvidia-mps/control");
        assertThatThrownBy(() -> planner().plan(mps(), Isolation.AUTO))
                .isInstanceOfSatisfying(GpuSharingUnavailable.class, error ->
                        assertThat(error.reason()).contains("MPS log directory /var/log/nvidia-mps does not exist").doesNotContain("control does not exist"));
    }

    @Test
    void mpsLiveProbeAsksTheDaemonWhenEnabled()
    {
        distro.wslGpu().mps();
        commands.answer("nvidia-cuda-mps-control", 1, "", "Cannot find MPS control daemon process");
        GpuPlanner planner = planner(GpuConfig.DEFAULTS.withMpsLiveProbe(true));
        assertThatThrownBy(() -> planner.plan(mps(), Isolation.AUTO))
                .isInstanceOfSatisfying(GpuSharingUnavailable.class, error ->
                        assertThat(error.reason()).contains("get_server_list").contains("Cannot find MPS control daemon process")
                                .contains("ensure nvidia-cuda-mps-control is running"));
        assertThat(commands.stdins()).containsExactly("get_server_list\n");
        assertThat(commands.calls().get(0)).contains("CUDA_MPS_PIPE_DIRECTORY=/tmp/nvidia-mps");

        commands.answer("nvidia-cuda-mps-control", 0, "1234\n", "");
        assertThat(planner.plan(mps(), Isolation.AUTO).hostIpc()).isTrue();
    }

    @Test
    void mpsLiveProbeIsOffByDefault()
    {
        distro.wslGpu().mps();
        planner().plan(mps(), Isolation.AUTO);
        assertThat(commands.calls()).isEmpty();
    }

    @Test
    void hypervIsolationWithMpsIsRefusedBeforeAnyProbe()
    {
        distro.wslGpu().mps();
        assertThatThrownBy(() -> planner().plan(mps(), Isolation.HYPERV))
                .isInstanceOfSatisfying(GpuSharingUnavailable.class, error -> {
                    assertThat(error.mode()).isEqualTo("mps");
                    assertThat(error.reason()).contains("Hyper-V");
                });
    }

    @Test
    void timeSliceIndexPicksTheGpuByReplicas()
    {
        distro.wslGpu();
        commands.answer("nvidia-smi", 0, "0, NVIDIA GeForce RTX 3090, 24576, GPU-aaa, 00000000:01:00.0\n"
                + "1, NVIDIA GeForce RTX 3090, 24576, GPU-bbb, 00000000:02:00.0\n", "");
        GpuPlanner planner = planner(GpuConfig.DEFAULTS.withTimeSliceReplicas(2));
        assertThat(planner.plan(timeSlice(1), Isolation.AUTO).env()).contains("CUDA_VISIBLE_DEVICES=0");
        assertThat(planner.plan(timeSlice(3), Isolation.AUTO).env()).contains("CUDA_VISIBLE_DEVICES=1");
        assertThatThrownBy(() -> planner.plan(timeSlice(4), Isolation.AUTO))
                .isInstanceOfSatisfying(GpuSharingUnavailable.class, error -> {
                    assertThat(error.mode()).isEqualTo("time-slice");
                    assertThat(error.reason()).contains("index 4").contains("4 slots").contains("gpu.time-slice.replicas");
                });
    }

    @Test
    void timeSliceWithoutAnyGpuIsUnavailable()
    {
        distro.wslGpu();
        assertThatThrownBy(() -> planner().plan(timeSlice(0), Isolation.AUTO))
                .isInstanceOfSatisfying(GpuSharingUnavailable.class, error -> assertThat(error.reason()).contains("no GPU found"));
    }
}
