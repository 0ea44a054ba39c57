package dev.berth.gpu.assign;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.GpuSharingUnavailable;
import dev.berth.core.spec.GpuRequest;
import dev.berth.core.spec.GpuSharing;
import dev.berth.gpu.cdi.CdiRegistry;
import dev.berth.gpu.config.GpuConfig;
import dev.berth.gpu.edit.DeviceNode;
import dev.berth.gpu.host.HostView;
import dev.berth.gpu.host.LocalHostView;
import dev.berth.gpu.plan.GpuPlanner;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * Writes down what a GPU request will be given on this host, as the backend's {@link GpuPlanner} gives it (the
 * request's ids, {@code all}, or the first {@code count} GPUs; a time slice's GPU), and refuses a request that would
 * share a GPU with a container holding it exclusively (or take exclusively one that others hold). Delivering the GPU
 * stays the planner's job at create: a device this host lacks is its error, not this class's.
 */
public final class GpuAssigner
{
    private static final Logger log = LogManager.getLogger(GpuAssigner.class);

    private final HostView host;
    private final GpuConfig config;
    private final Clock clock;

    public GpuAssigner(HostView host, GpuConfig config, Clock clock)
    {
        this.host = requireNonNull(host, "host is null");
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public static GpuAssigner forLocalHost(GpuConfig config)
    {
        return new GpuAssigner(LocalHostView.ofRoot(Path.of(config.hostRoot())), config, Clock.systemUTC());
    }

    public HostView host()
    {
        return host;
    }

    public GpuConfig config()
    {
        return config;
    }

    /**
     * @param holders the assignments of the containers that hold GPUs now, by container id
     * @throws GpuSharingUnavailable naming the GPU and its holder when the request conflicts with one
     */
    public GpuAssignment assign(String id, GpuRequest request, Map<String, GpuAssignment> holders)
    {
        requireNonNull(request, "request is null");
        boolean timeSliced = request.sharing() == GpuSharing.TIME_SLICE && request.timeSliceIndex().isPresent();
        List<String> gpus;
        if (!request.deviceIds().isEmpty()) {
            gpus = request.deviceIds();
        }
        else if (timeSliced) {
            int replicas = Math.max(1, config.timeSliceReplicas());
            gpus = List.of(String.valueOf(request.timeSliceIndex().getAsInt() / replicas));
        }
        else if (request.count() == GpuRequest.ALL) {
            gpus = List.of(GpuAssignment.ALL);
        }
        else {
            gpus = IntStream.range(0, Math.max(request.count(), 1)).mapToObj(String::valueOf).toList();
        }
        GpuAssignment wanted = new GpuAssignment(request.sharing(), gpus, deviceNodes(request, timeSliced),
                request.sharing() == GpuSharing.MPS ? Optional.of(request.mps()) : Optional.empty(),
                timeSliced ? request.timeSliceIndex() : OptionalInt.empty(), List.of(), clock.instant());
        for (Map.Entry<String, GpuAssignment> holder : holders.entrySet()) {
            GpuAssignment held = holder.getValue();
            if (holder.getKey().equals(id) || !wanted.overlaps(held)) {
                continue;
            }
            // the planner gives a count the first GPUs, whatever is free: say how to ask for another one
            String hint = request.deviceIds().isEmpty() && !timeSliced && request.count() != GpuRequest.ALL
                    ? "; a count takes the first GPUs (" + String.join(",", gpus) + "), name others with resources.gpu.ids" : "";
            if (held.sharing() == GpuSharing.EXCLUSIVE) {
                throw new GpuSharingUnavailable(request.sharing().specName(), "GPU " + String.join(",", held.gpus())
                        + " is held exclusively by container '" + holder.getKey() + "'" + hint);
            }
            if (wanted.sharing() == GpuSharing.EXCLUSIVE) {
                throw new GpuSharingUnavailable(request.sharing().specName(), "GPU " + String.join(",", wanted.gpus())
                        + " is already in use by container '" + holder.getKey() + "' (" + held.sharing().specName() + ")" + hint);
            }
        }
        return wanted;
    }

    private List<String> deviceNodes(GpuRequest request, boolean timeSliced)
    {
        try {
            return new CdiRegistry(host, config.cdiDirectories()).resolve(GpuPlanner.cdiNames(request, timeSliced)).deviceNodes().stream()
                    .map(DeviceNode::hostPath).distinct().toList();
        }
        catch (AgentError e) {
            // not a CDI host (a WSL2 delegate's /dev/dxg lives in its distro): the backend's planner decides at create
            log.debug("no CDI device nodes to record for {}: {}", request, e.getMessage());
            return List.of();
        }
    }
}
