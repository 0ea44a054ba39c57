package dev.berth.image.gc;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What {@code berth node} and {@code /metrics} show of the image store: usage now, the thresholds, the last collection
 * and the totals since the agent started.
 */
public record ImageGcStatus(StoreUsage usage, ImageGcConfig config, Optional<GcRun> last, long runs, long imagesRemoved, long bytesFreed)
{
    public ImageGcStatus
    {
        requireNonNull(usage, "usage is null");
        requireNonNull(config, "config is null");
        requireNonNull(last, "last is null");
    }

    /** Disk pressure: usage above the high threshold. */
    public boolean underPressure()
    {
        return usage.above(config.high());
    }
}
