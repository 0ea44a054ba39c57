package dev.berth.gpu.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.error.Timeout;
import dev.berth.gpu.config.GpuConfig;
import dev.berth.gpu.testing.HostTree;
import dev.berth.gpu.testing.TestingCommandRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

class GpuInventoryProbeTest
{
    @TempDir
    Path root;

    private HostTree host;
    private final TestingCommandRunner commands = new TestingCommandRunner();

    @BeforeEach
    void setUp()
    {
        host = new HostTree(root);
        pci("0000:03:00.0", "0x030000", "0x1a03", "0x2000"); // a server's BMC VGA: not a GPU
        pci("0000:41:00.0", "0x030200", "0x10de", "0x20b0");
        pci("0000:81:00.0", "0x030200", "0x10de", "0x20b0");
        pci("0000:00:1f.3", "0x040300", "0x8086", "0x1234"); // audio
    }

    private void pci(String address, String pciClass, String vendor, String device)
    {
        host.file("/sys/bus/pci/devices/" + address + "/class", pciClass + "\n")
                .file("/sys/bus/pci/devices/" + address + "/vendor", vendor + "\n")
                .file("/sys/bus/pci/devices/" + address + "/device", device + "\n");
    }

    @Test
    void sysfsAloneCountsNvidiaDisplayControllers()
    {
        GpuInventory inventory = new GpuInventoryProbe(host.view(commands), GpuConfig.DEFAULTS.withTimeSliceReplicas(3)).probe();
        assertThat(inventory.source()).isEqualTo("sysfs");
        assertThat(inventory.count()).isEqualTo(2);
        assertThat(inventory.devices()).extracting(GpuDevice::pciAddress).containsExactly(Optional.of("0000:41:00.0"), Optional.of("0000:81:00.0"));
        assertThat(inventory.model()).isEqualTo("NVIDIA device 0x20b0");
        assertThat(inventory.timeSliceCapacity()).isEqualTo(6);
        assertThat(inventory.totalMemoryBytes()).isZero();
    }

    @Test
    void nvidiaSmiGivesModelAndMemory()
    {
        commands.answer("nvidia-smi", 0, "0, NVIDIA A100-SXM4-40GB, 40960, GPU-11111111-2222, 00000000:41:00.0\n"
                + "1, NVIDIA A100-SXM4-40GB, 40960, GPU-33333333-4444, 00000000:81:00.0\n", "");
        GpuInventory inventory = new GpuInventoryProbe(host.view(commands), GpuConfig.DEFAULTS).probe();
        assertThat(inventory.source()).isEqualTo("nvidia-smi");
        assertThat(inventory.count()).isEqualTo(2);
        assertThat(inventory.model()).isEqualTo("NVIDIA A100-SXM4-40GB");
        assertThat(inventory.devices().get(1).memoryBytes()).isEqualTo(40960L * 1024 * 1024);
        assertThat(inventory.devices().get(1).uuid()).contains("GPU-33333333-4444");
        assertThat(commands.calls().get(0)).containsExactly("nvidia-smi", "--query-gpu=index,name,memory.total,uuid,pci.bus_id",
                "--format=csv,noheader,nounits");
    }

    @Test
    void failingOrHangingNvidiaSmiFallsBackToSysfs()
    {
        commands.answer("nvidia-smi", 9, "", "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver");
        assertThat(new GpuInventoryProbe(host.view(commands), GpuConfig.DEFAULTS).probe().source()).isEqualTo("sysfs");
        commands.answer("nvidia-smi", (command, stdin) -> {
            throw new Timeout(Duration.ofSeconds(10));
        });
        assertThat(new GpuInventoryProbe(host.view(commands), GpuConfig.DEFAULTS).probe().count()).isEqualTo(2);
    }

    @Test
    void noGpuAtAll()
    {
        GpuInventory inventory = new GpuInventoryProbe(new HostTree(root.resolve("bare")).view(commands), GpuConfig.DEFAULTS).probe();
        assertThat(inventory.count()).isZero();
        assertThat(inventory.source()).isEqualTo("none");
    }
}
