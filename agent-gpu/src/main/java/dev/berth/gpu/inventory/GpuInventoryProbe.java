package dev.berth.gpu.inventory;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Timeout;
import dev.berth.gpu.config.GpuConfig;
import dev.berth.gpu.host.CommandResult;
import dev.berth.gpu.host.HostView;
import dev.berth.gpu.host.LocalHostView;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the node's GPUs: PCI display controllers of known GPU vendors in sysfs, refined by {@code nvidia-smi}
 * when it is present (model, memory, UUID). Inside WSL2 there are no PCI GPUs in sysfs ({@code /dev/dxg} is
 * paravirtual), so nvidia-smi is the only source there. Never fails: a probe that cannot run is logged and
 * the inventory says where it came from.
 */
public final class GpuInventoryProbe
{
    private static final Logger log = LogManager.getLogger(GpuInventoryProbe.class);

    static final String PCI_DEVICES = "/sys/bus/pci/devices";
    private static final Map<String, String> GPU_VENDORS = Map.of("0x10de", "nvidia", "0x1002", "amd");
    private static final long MIB = 1024L * 1024L;

    private final HostView host;
    private final GpuConfig config;

    public GpuInventoryProbe(HostView host, GpuConfig config)
    {
        this.host = requireNonNull(host, "host is null");
        this.config = requireNonNull(config, "config is null");
    }

    /** The inventory of this host, sysfs read under {@code gpu.host-root}. */
    public static GpuInventoryProbe forLocalHost(GpuConfig config)
    {
        return new GpuInventoryProbe(LocalHostView.ofRoot(Path.of(config.hostRoot())), config);
    }

    public GpuInventory probe()
    {
        List<GpuDevice> fromSysfs = sysfs();
        Optional<List<GpuDevice>> fromSmi = nvidiaSmi();
        if (fromSmi.isPresent() && !fromSmi.get().isEmpty()) {
            List<GpuDevice> devices = new ArrayList<>(fromSmi.get());
            fromSysfs.stream().filter(device -> !device.vendor().equals("nvidia")).forEach(device ->
                    devices.add(new GpuDevice(devices.size(), device.vendor(), device.model(), 0, Optional.empty(), device.pciAddress())));
            return new GpuInventory(devices, config.timeSliceReplicas(), "nvidia-smi");
        }
        return new GpuInventory(fromSysfs, config.timeSliceReplicas(), fromSysfs.isEmpty() ? "none" : "sysfs");
    }

    private List<GpuDevice> sysfs()
    {
        List<GpuDevice> devices = new ArrayList<>();
        for (String address : host.list(PCI_DEVICES)) {
            String directory = PCI_DEVICES + "/" + address;
            String pciClass = host.read(directory + "/class").map(String::strip).orElse("");
            String vendorId = host.read(directory + "/vendor").map(text -> text.strip().toLowerCase(Locale.ROOT)).orElse("");
            // 0x03xxxx: display controller (VGA 0x0300, 3D 0x0302 as data-centre GPUs report)
            if (!pciClass.startsWith("0x03") || !GPU_VENDORS.containsKey(vendorId)) {
                continue;
            }
            String deviceId = host.read(directory + "/device").map(String::strip).orElse("unknown");
            String vendor = GPU_VENDORS.get(vendorId);
            devices.add(new GpuDevice(devices.size(), vendor, vendor.toUpperCase(Locale.ROOT) + " device " + deviceId, 0,
                    Optional.empty(), Optional.of(address)));
        }
        return devices;
    }

    private Optional<List<GpuDevice>> nvidiaSmi()
    {
        CommandResult result;
        try {
            result = host.run(List.of(config.nvidiaSmi(), "--query-gpu=index,name,memory.total,uuid,pci.bus_id",
                    "--format=csv,noheader,nounits"), new byte[0], config.probeTimeout());
        }
        catch (Timeout e) {
            log.warn("nvidia-smi on {} did not answer within {}; GPU inventory from sysfs only", host.describe(), config.probeTimeout());
            return Optional.empty();
        }
        if (result.exitCode() == CommandResult.NOT_FOUND) {
            return Optional.empty();
        }
        if (!result.succeeded()) {
            log.warn("nvidia-smi on {} failed, GPU inventory from sysfs only: {}", host.describe(), result.evidence());
            return Optional.empty();
        }
        return Optional.of(parseCsv(result.stdout()));
    }

    static List<GpuDevice> parseCsv(String csv)
    {
        List<GpuDevice> devices = new ArrayList<>();
        for (String line : csv.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",\\s*", -1);
            if (fields.length < 5) {
                log.warn("unexpected nvidia-smi line: {}", line);
                continue;
            }
            long memory;
            try {
                memory = Long.parseLong(fields[2].strip()) * MIB;
            }
            catch (NumberFormatException e) {
                memory = 0;
            }
            int index;
            try {
                index = Integer.parseInt(fields[0].strip());
            }
            catch (NumberFormatException e) {
                index = devices.size();
            }
            devices.add(new GpuDevice(index, "nvidia", fields[1].strip(), memory, Optional.of(fields[3].strip()),
                    Optional.of(fields[4].strip().toLowerCase(Locale.ROOT))));
        }
        return devices;
    }
}
