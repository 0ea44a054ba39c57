package dev.berth.gpu.plan;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.WslGpuUnavailable;
import dev.berth.gpu.edit.ContainerEdits;
import dev.berth.gpu.edit.DeviceNode;
import dev.berth.gpu.edit.MountEdit;
import dev.berth.gpu.host.FileStat;
import dev.berth.gpu.host.FileType;
import dev.berth.gpu.host.HostView;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks, inside the WSL2 distro, what GPU paravirtualization needs, and gives the edits that expose it: the
 * {@code /dev/dxg} device (as a device node and a bind), {@code /usr/lib/wsl} read-only, and a library path so
 * CUDA's loader finds {@code libcuda} in {@code /usr/lib/wsl/lib}.
 */
public final class WslGpuProbe
{
    public static final String DXG = "/dev/dxg";
    public static final String WSL_LIB_ROOT = "/usr/lib/wsl";
    public static final String WSL_LIB = "/usr/lib/wsl/lib";

    private final HostView distro;

    public WslGpuProbe(HostView distro)
    {
        this.distro = requireNonNull(distro, "distro is null");
    }

    /** @throws WslGpuUnavailable naming every missing piece */
    public ContainerEdits edits(String vendor)
    {
        List<String> missing = new ArrayList<>();
        Optional<FileStat> dxg = distro.stat(DXG);
        if (dxg.isEmpty()) {
            missing.add(DXG + " does not exist in " + distro.describe()
                    + " (needs WSL 2, not WSL 1, a kernel with dxgkrnl, and a GPU driver on the Windows host)");
        }
        else if (dxg.get().type() != FileType.CHARACTER_DEVICE) {
            missing.add(DXG + " in " + distro.describe() + " is a " + dxg.get().type().name().toLowerCase(Locale.ROOT) + ", not a character device");
        }
        if (distro.stat(WSL_LIB).map(stat -> stat.type() != FileType.DIRECTORY).orElse(true)) {
            missing.add(WSL_LIB + " does not exist in " + distro.describe() + " (WSL mounts the Windows GPU driver's libraries there)");
        }
        else if (vendor.equals("nvidia") && distro.list(WSL_LIB).stream().noneMatch(name -> name.startsWith("libcuda.so"))) {
            missing.add("no libcuda.so in " + WSL_LIB + " of " + distro.describe() + " (install the NVIDIA driver with WSL support on Windows)");
        }
        if (!missing.isEmpty()) {
            throw new WslGpuUnavailable(String.join("; ", missing));
        }
        FileStat device = dxg.get();
        return new ContainerEdits(
                List.of("LD_LIBRARY_PATH=" + WSL_LIB),
                List.of(DeviceNode.character(DXG, device.major(), device.minor())),
                List.of(MountEdit.bind(DXG, DXG, false), MountEdit.bind(WSL_LIB_ROOT, WSL_LIB_ROOT, true)),
                List.of(), List.of(), false);
    }
}
