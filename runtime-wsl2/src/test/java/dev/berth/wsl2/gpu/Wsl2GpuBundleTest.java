package dev.berth.wsl2.gpu;

import dev.berth.oci.gpu.PlannedGpuCustomizer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.error.GpuSharingUnavailable;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.error.WslGpuUnavailable;
import dev.berth.core.runtime.ImageConfig;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.core.spec.SpecParser;
import dev.berth.gpu.config.GpuConfig;
import dev.berth.gpu.plan.BackendKind;
import dev.berth.gpu.plan.GpuPlanner;
import dev.berth.wsl2.transport.LocalDistroTransport;
import dev.berth.oci.bundle.BundleBuilder;
import dev.berth.oci.bundle.BundlePolicy;
import dev.berth.oci.bundle.BundleRequest;
import dev.berth.oci.bundle.NetworkNamespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The delegate's GPU matrix, end to end through its bundle path: probes run through the local transport against a
 * temp directory standing in for the distro's {@code /}, and the planner's edits land in the OCI config that
 * runtime-oci's bundle builder generates.
 */
class Wsl2GpuBundleTest
{
    @TempDir
    Path distro;

    private ObjectNode config(String resources, GpuConfig gpu)
    {
        ServiceSpec spec = SpecParser.parseService("name: cuda\nimage: cuda:test\nargs: [nvidia-smi]\n" + resources);
        GpuPlanner planner = new GpuPlanner(new LocalDistroTransport(distro).hostView(Duration.ofSeconds(10)), BackendKind.WSL2, gpu);
        BundleBuilder builder = new BundleBuilder(Set.of(new PlannedGpuCustomizer(planner)), new BundlePolicy(List.of(), false));
        return builder.config(new BundleRequest("c1", spec, ImageConfig.EMPTY, "/var/lib/berth/wsl2/containers/c1/bundle/rootfs",
                NetworkNamespace.privateNamespace(), "/berth-wsl2/c1", Map.of(), "amd64"), Optional.empty());
    }

    private ObjectNode config(String resources)
    {
        return config(resources, GpuConfig.DEFAULTS);
    }

    private void device(String path) throws IOException
    {
        Files.createDirectories(distro.resolve(path.substring(1)).getParent());
        Files.createSymbolicLink(distro.resolve(path.substring(1)), Path.of("/dev/null"));
    }

    private void file(String path) throws IOException
    {
        Files.createDirectories(distro.resolve(path.substring(1)).getParent());
        Files.writeString(distro.resolve(path.substring(1)), "");
    }

    private void wslGpu() throws IOException
    {
        device("/dev/dxg");
        file("/usr/lib/wsl/lib/libcuda.so.1");
    }

    private void mpsDaemon() throws Exception
    {
        Files.createDirectories(distro.resolve("tmp/nvidia-mps"));
        Files.createDirectories(distro.resolve("var/log/nvidia-mps"));
        assertThat(new ProcessBuilder("mkfifo", distro.resolve("tmp/nvidia-mps/control").toString()).start().waitFor()).isZero();
    }

    private static List<String> texts(JsonNode array, String field)
    {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(field == null ? node.asText() : node.path(field).asText()));
        return texts;
    }

    @Test
    void noGpuLeavesTheConfigWithoutGpuEdits() throws IOException
    {
        wslGpu();
        ObjectNode config = config("");
        assertThat(config.at("/linux/devices").isMissingNode()).isTrue();
        assertThat(texts(config.at("/process/env"), null)).noneMatch(entry -> entry.startsWith("LD_LIBRARY_PATH="));
        assertThat(texts(config.at("/mounts"), "destination")).doesNotContain("/dev/dxg", "/usr/lib/wsl");
    }

    @Test
    void dxgPresentPutsDeviceMountsAndLibraryPathIntoTheConfig() throws IOException
    {
        wslGpu();
        ObjectNode config = config("resources:\n  gpu:\n    count: 1\n");
        assertThat(config.at("/linux/devices").toString()).isEqualTo("[{\"path\":\"/dev/dxg\",\"type\":\"c\",\"major\":1,\"minor\":3}]");
        assertThat(texts(config.at("/linux/resources/devices"), "access")).containsExactly("rwm", "rwm");
        assertThat(config.at("/linux/resources/devices/1/allow").asBoolean()).isTrue();
        assertThat(texts(config.at("/mounts"), "destination")).contains("/dev/dxg", "/usr/lib/wsl");
        JsonNode wslMount = null;
        for (JsonNode mount : config.at("/mounts")) {
            if (mount.path("destination").asText().equals("/usr/lib/wsl")) {
                wslMount = mount;
            }
        }
        assertThat(texts(wslMount.path("options"), null)).contains("ro");
        assertThat(texts(config.at("/process/env"), null)).contains("LD_LIBRARY_PATH=/usr/lib/wsl/lib");
    }

    @Test
    void dxgMissingFailsTheBundleWithWslGpuUnavailable() throws IOException
    {
        file("/usr/lib/wsl/lib/libcuda.so.1");
        assertThatThrownBy(() -> config("resources:\n  gpu:\n    count: 1\n"))
                .isInstanceOfSatisfying(WslGpuUnavailable.class, error -> assertThat(error.reason()).contains("/dev/dxg does not exist"));
    }

    @Test
    void specificIdsAreInvalidUnderWsl2() throws IOException
    {
        wslGpu();
        assertThatThrownBy(() -> config("resources:\n  gpu:\n    ids: [\"0\"]\n")).isInstanceOf(InvalidSpec.class).hasMessageContaining("'all'");
    }

    @Test
    void mpsPresentJoinsTheDaemonAndSharesIpc() throws Exception
    {
        wslGpu();
        mpsDaemon();
        ObjectNode config = config("resources:\n  gpu:\n    sharing: mps\n    mps:\n      activeThreadPercentage: 25\n");
        assertThat(texts(config.at("/process/env"), null)).contains("CUDA_MPS_PIPE_DIRECTORY=/tmp/nvidia-mps",
                "CUDA_MPS_LOG_DIRECTORY=/var/log/nvidia-mps", "CUDA_MPS_ACTIVE_THREAD_PERCENTAGE=25");
        assertThat(texts(config.at("/mounts"), "destination")).contains("/tmp/nvidia-mps", "/var/log/nvidia-mps", "/dev/shm");
        assertThat(texts(config.at("/linux/namespaces"), "type")).doesNotContain("ipc");
    }

    @Test
    void mpsDirectoriesMissingIsGpuSharingUnavailable() throws IOException
    {
        wslGpu();
        assertThatThrownBy(() -> config("resources:\n  gpu:\n    sharing: mps\n"))
                .isInstanceOfSatisfying(GpuSharingUnavailable.class, error -> {
                    assertThat(error.mode()).isEqualTo("mps");
                    assertThat(error.reason()).contains("/tmp/nvidia-mps does not exist").contains("ensure nvidia-cuda-mps-control is running");
                });
    }

    @Test
    void hypervWithMpsIsGpuSharingUnavailable() throws Exception
    {
        wslGpu();
        mpsDaemon();
        assertThatThrownBy(() -> config("isolation: hyperv\nresources:\n  gpu:\n    sharing: mps\n"))
                .isInstanceOfSatisfying(GpuSharingUnavailable.class, error -> assertThat(error.reason()).contains("Hyper-V"));
    }

    @Test
    void timeSliceSetsCudaVisibleDevicesFromTheIndex() throws IOException
    {
        wslGpu();
        // no nvidia-smi on this host: the inventory comes from the stand-in sysfs
        for (String address : List.of("0000:01:00.0", "0000:02:00.0")) {
            Files.createDirectories(distro.resolve("sys/bus/pci/devices/" + address));
            Files.writeString(distro.resolve("sys/bus/pci/devices/" + address + "/class"), "0x030000\n");
            Files.writeString(distro.resolve("sys/bus/pci/devices/" + address + "/vendor"), "0x10de\n");
        }
        ObjectNode config = config("resources:\n  gpu:\n    sharing: time-slice\n    timeSliceIndex: 2\n", GpuConfig.DEFAULTS.withTimeSliceReplicas(2));
        assertThat(texts(config.at("/process/env"), null)).contains("CUDA_VISIBLE_DEVICES=1", "LD_LIBRARY_PATH=/usr/lib/wsl/lib");
    }
}
