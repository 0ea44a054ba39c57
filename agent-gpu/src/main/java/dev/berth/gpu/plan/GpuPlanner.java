package dev.berth.gpu.plan;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Configuration;
import dev.berth.core.error.GpuSharingUnavailable;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.error.WslGpuUnavailable;
import dev.berth.core.spec.GpuRequest;
import dev.berth.core.spec.GpuSharing;
import dev.berth.core.spec.Isolation;
import dev.berth.gpu.cdi.CdiRegistry;
import dev.berth.gpu.config.GpuConfig;
import dev.berth.gpu.edit.ContainerEdits;
import dev.berth.gpu.host.HostView;
import dev.berth.gpu.host.LocalHostView;
import dev.berth.gpu.inventory.GpuInventory;
import dev.berth.gpu.inventory.GpuInventoryProbe;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Turns a service's GPU request into the edits its container's OCI config needs, checking on the host where the
 * container will run (the local machine, or inside the WSL2 distro) that everything is there. A GPU that cannot
 * be delivered is an error, never a container quietly run on CPU.
 */
public final class GpuPlanner
{
    private static final Logger log = LogManager.getLogger(GpuPlanner.class);

    private final HostView host;
    private final BackendKind backend;
    private final GpuConfig config;

    public GpuPlanner(HostView host, BackendKind backend, GpuConfig config)
    {
        this.host = requireNonNull(host, "host is null");
        this.backend = requireNonNull(backend, "backend is null");
        this.config = requireNonNull(config, "config is null");
    }

    /** The planner for runtime-youki: CDI specs and MPS directories probed on this host under {@code gpu.host-root}. */
    public static GpuPlanner forLocalHost(GpuConfig config)
    {
        return new GpuPlanner(LocalHostView.ofRoot(Path.of(config.hostRoot())), BackendKind.NATIVE_LINUX, config);
    }

    /** No request, no edits. */
    public ContainerEdits plan(Optional<GpuRequest> request, Isolation isolation)
    {
        requireNonNull(request, "request is null");
        return request.map(gpu -> plan(gpu, isolation)).orElse(ContainerEdits.NONE);
    }

    /**
     * @throws InvalidSpec when the request asks what this backend can never give (specific GPU ids under WSL2)
     * @throws WslGpuUnavailable when the WSL2 distro lacks {@code /dev/dxg} or the driver's libraries
     * @throws Configuration when a native host has no CDI device for the request
     * @throws GpuSharingUnavailable when MPS or time-slice sharing cannot be delivered (also MPS with Hyper-V isolation)
     */
    public ContainerEdits plan(GpuRequest request, Isolation isolation)
    {
        requireNonNull(request, "request is null");
        requireNonNull(isolation, "isolation is null");
        if (request.sharing() == GpuSharing.MPS && isolation == Isolation.HYPERV) {
            throw new GpuSharingUnavailable(MpsProbe.MODE,
                    "Hyper-V isolation runs the container in its own VM, out of reach of the host's MPS control daemon; use process isolation");
        }
        OptionalTimeSlice slice = timeSlice(request);
        ContainerEdits edits = switch (backend) {
            case WSL2 -> wsl2(request);
            case NATIVE_LINUX -> nativeLinux(request, slice.isPresent());
        };
        if (request.sharing() == GpuSharing.MPS) {
            edits = edits.plus(new MpsProbe(host, config).edits(request.mps()));
        }
        if (slice.isPresent()) {
            edits = edits.plus(ContainerEdits.ofEnv(List.of("CUDA_VISIBLE_DEVICES=" + slice.gpu())));
        }
        log.debug("GPU plan for {} on {}: {}", request, host.describe(), edits);
        return edits;
    }

    private ContainerEdits wsl2(GpuRequest request)
    {
        if (!request.deviceIds().isEmpty()) {
            throw new InvalidSpec("resources.gpu.ids " + request.deviceIds()
                    + ": WSL2 exposes the host's GPUs only as 'all'; drop ids (use count) for the wsl2 runtime");
        }
        return new WslGpuProbe(host).edits(request.vendor());
    }

    private ContainerEdits nativeLinux(GpuRequest request, boolean timeSliced)
    {
        return new CdiRegistry(host, config.cdiDirectories()).resolve(cdiNames(request, timeSliced));
    }

    /** The CDI devices a native Linux container gets for {@code request}: its ids, {@code all}, or the first {@code count}. */
    public static List<String> cdiNames(GpuRequest request, boolean timeSliced)
    {
        String kind = request.vendor().contains("/") ? request.vendor() : request.vendor() + ".com/gpu";
        List<String> names = new ArrayList<>();
        if (!request.deviceIds().isEmpty()) {
            request.deviceIds().forEach(id -> names.add(kind + "=" + id));
        }
        else if (request.count() == GpuRequest.ALL || timeSliced) {
            // a time-slice replica sees every GPU's nodes; CUDA_VISIBLE_DEVICES picks its slot's GPU
            names.add(kind + "=all");
        }
        else {
            IntStream.range(0, Math.max(request.count(), 1)).forEach(index -> names.add(kind + "=" + index));
        }
        return names;
    }

    private OptionalTimeSlice timeSlice(GpuRequest request)
    {
        if (request.sharing() != GpuSharing.TIME_SLICE || request.timeSliceIndex().isEmpty()) {
            return OptionalTimeSlice.NONE;
        }
        int index = request.timeSliceIndex().getAsInt();
        GpuInventory inventory = new GpuInventoryProbe(host, config).probe();
        if (inventory.count() == 0) {
            throw new GpuSharingUnavailable(GpuSharing.TIME_SLICE.specName(), "no GPU found on " + host.describe() + " (sysfs and nvidia-smi)");
        }
        if (index >= inventory.timeSliceCapacity()) {
            throw new GpuSharingUnavailable(GpuSharing.TIME_SLICE.specName(), "time-slice index " + index + " is beyond the "
                    + inventory.timeSliceCapacity() + " slots of " + host.describe() + " (" + inventory.count() + " GPU(s) x "
                    + inventory.timeSliceReplicas() + " replicas, " + GpuConfig.TIME_SLICE_REPLICAS.name() + ")");
        }
        return new OptionalTimeSlice(inventory.devices().get(index / inventory.timeSliceReplicas()).index());
    }

    private record OptionalTimeSlice(int gpu)
    {
        static final OptionalTimeSlice NONE = new OptionalTimeSlice(-1);

        boolean isPresent()
        {
            return gpu >= 0;
        }
    }
}
