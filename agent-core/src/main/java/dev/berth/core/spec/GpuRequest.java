package dev.berth.core.spec;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.OptionalInt;

/**
 * GPUs a service needs. {@code deviceIds} empty means "any {@code count} GPUs"; {@code count} -1 means all.
 */
public record GpuRequest(
        int count,
        String vendor,
        List<String> deviceIds,
        GpuSharing sharing,
        MpsSettings mps,
        OptionalInt timeSliceIndex)
{
    public static final int ALL = -1;

    public GpuRequest
    {
        requireNonNull(vendor, "vendor is null");
        deviceIds = List.copyOf(requireNonNull(deviceIds, "deviceIds is null"));
        requireNonNull(sharing, "sharing is null");
        requireNonNull(mps, "mps is null");
        requireNonNull(timeSliceIndex, "timeSliceIndex is null");
    }
}
