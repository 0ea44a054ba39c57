package dev.berth.gpu.assign;

import static java.util.Objects.requireNonNull;

import dev.berth.core.spec.GpuSharing;
import dev.berth.core.spec.MpsSettings;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a container was given of the node's GPUs, kept in its durable record so that an agent restarted under a running
 * container knows what it holds without admitting it again.
 *
 * @param gpus the GPUs it runs on, as the planner named them ({@code 0}, {@code 1}), or {@code all}
 * @param deviceNodes the host device nodes its CDI devices name, checked again at recovery
 * @param mps the MPS daemon it joined, for {@code sharing: mps}
 * @param timeSliceIndex its time-slice slot, for {@code sharing: time-slice}
 * @param missing what a re-validation found gone (a device node, the MPS pipe); empty while all is there
 * @param checked when it was last checked against the host (the create, or a recovery)
 */
public record GpuAssignment(
        GpuSharing sharing,
        List<String> gpus,
        List<String> deviceNodes,
        Optional<MpsSettings> mps,
        OptionalInt timeSliceIndex,
        List<String> missing,
        Instant checked)
{
    public static final String ALL = "all";

    public GpuAssignment
    {
        requireNonNull(sharing, "sharing is null");
        gpus = List.copyOf(requireNonNull(gpus, "gpus is null"));
        deviceNodes = List.copyOf(requireNonNull(deviceNodes, "deviceNodes is null"));
        requireNonNull(mps, "mps is null");
        requireNonNull(timeSliceIndex, "timeSliceIndex is null");
        missing = List.copyOf(requireNonNull(missing, "missing is null"));
        requireNonNull(checked, "checked is null");
    }

    public GpuAssignment checked(List<String> stillMissing, Instant at)
    {
        return new GpuAssignment(sharing, gpus, deviceNodes, mps, timeSliceIndex, stillMissing, at);
    }

    /** Whether this and {@code other} name a GPU in common ({@code all} shares one with anything). */
    public boolean overlaps(GpuAssignment other)
    {
        if (gpus.isEmpty() || other.gpus.isEmpty()) {
            return false;
        }
        return gpus.contains(ALL) || other.gpus.contains(ALL) || gpus.stream().anyMatch(other.gpus::contains);
    }
}
