package dev.berth.gpu.plan;

import dev.berth.core.spec.GpuRequest;
import dev.berth.core.spec.GpuSharing;
import dev.berth.core.spec.MpsSettings;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

final class GpuRequests
{
    private GpuRequests() {}

    static GpuRequest exclusive(int count)
    {
        return new GpuRequest(count, "nvidia", List.of(), GpuSharing.EXCLUSIVE, MpsSettings.DEFAULTS, OptionalInt.empty());
    }

    static GpuRequest ids(String... ids)
    {
        return new GpuRequest(ids.length, "nvidia", List.of(ids), GpuSharing.EXCLUSIVE, MpsSettings.DEFAULTS, OptionalInt.empty());
    }

    static GpuRequest mps()
    {
        return new GpuRequest(1, "nvidia", List.of(), GpuSharing.MPS, MpsSettings.DEFAULTS, OptionalInt.empty());
    }

    static GpuRequest mps(int threads, String pinned)
    {
        return new GpuRequest(1, "nvidia", List.of(), GpuSharing.MPS,
                new MpsSettings(MpsSettings.DEFAULT_PIPE_DIRECTORY, MpsSettings.DEFAULT_LOG_DIRECTORY, OptionalInt.of(threads), Optional.of(pinned)),
                OptionalInt.empty());
    }

    static GpuRequest timeSlice(int index)
    {
        return new GpuRequest(1, "nvidia", List.of(), GpuSharing.TIME_SLICE, MpsSettings.DEFAULTS, OptionalInt.of(index));
    }
}
