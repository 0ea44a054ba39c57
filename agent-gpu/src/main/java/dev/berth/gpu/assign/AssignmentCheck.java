package dev.berth.gpu.assign;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.GpuSharingUnavailable;
import dev.berth.gpu.config.GpuConfig;
import dev.berth.gpu.host.FileStat;
import dev.berth.gpu.host.FileType;
import dev.berth.gpu.host.HostView;
import dev.berth.gpu.plan.MpsProbe;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a running container's {@link GpuAssignment} against the host again, as a recovering agent does: each device
 * node still there as a device, the MPS daemon's pipe still there (and answering, with {@code gpu.mps.live-probe}).
 * It only reports: a container is never refused or stopped for what it finds.
 */
public final class AssignmentCheck
{
    private final HostView host;
    private final GpuConfig config;

    public AssignmentCheck(HostView host, GpuConfig config)
    {
        this.host = requireNonNull(host, "host is null");
        this.config = requireNonNull(config, "config is null");
    }

    /** What is gone, one line each; empty when everything the container was given is still there. */
    public List<String> missing(GpuAssignment assignment)
    {
        List<String> missing = new ArrayList<>();
        for (String node : assignment.deviceNodes()) {
            Optional<FileStat> stat = host.stat(node);
            if (stat.isEmpty()) {
                missing.add("device " + node + " is gone from " + host.describe());
            }
            else if (stat.get().type() != FileType.CHARACTER_DEVICE && stat.get().type() != FileType.BLOCK_DEVICE) {
                missing.add("device " + node + " on " + host.describe() + " is no longer a device");
            }
        }
        assignment.mps().ifPresent(mps -> {
            try {
                new MpsProbe(host, config).edits(mps);
            }
            catch (GpuSharingUnavailable e) {
                missing.add("MPS daemon: " + e.reason());
            }
        });
        return missing;
    }
}
