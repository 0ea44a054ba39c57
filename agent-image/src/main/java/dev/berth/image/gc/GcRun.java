package dev.berth.image.gc;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * One collection by the image store: why it ran, usage before and after, the images it removed (their references) and
 * the bytes freed, including blobs and layers no image referenced any more.
 */
public record GcRun(Instant finished, Trigger trigger, StoreUsage before, StoreUsage after, List<String> imagesRemoved, long bytesFreed)
{
    public enum Trigger
    {
        /** Usage was above {@code image.gc.high}. */
        THRESHOLD,
        /** A pull, load or layer unpack failed with ENOSPC or EDQUOT; it is retried once after this collection. */
        STORAGE_FULL;

        public String label()
        {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public GcRun
    {
        requireNonNull(finished, "finished is null");
        requireNonNull(trigger, "trigger is null");
        requireNonNull(before, "before is null");
        requireNonNull(after, "after is null");
        imagesRemoved = List.copyOf(requireNonNull(imagesRemoved, "imagesRemoved is null"));
    }
}
