package dev.berth.image.gc;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.Configuration;
import dev.berth.core.runtime.PulledImage;
import dev.berth.image.GcReport;
import dev.berth.image.ImageService;
import dev.berth.image.StoredImage;
import dev.berth.image.reference.Digests;
import dev.berth.image.reference.ImageReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Collects unused images by the store's file system usage, as the kubelet's image GC does: above {@code image.gc.high}
 * percent, images no container uses are removed least recently used first until usage is at or below
 * {@code image.gc.low}. Never collected: an image a container (running, exited or failed) was created from, one pinned by
 * {@code image.gc.pinned} or the {@value ImageGcConfig#PINNED_LABEL} label, and one used or stored within
 * {@code image.gc.min-age}. One collection runs at a time.
 */
public final class ImageGarbageCollector
{
    private static final Logger log = LogManager.getLogger(ImageGarbageCollector.class);

    private final ImageService images;
    private final ImageGcConfig config;
    private final Supplier<Set<String>> inUse;
    private final UsageProbe usage;
    private final Clock clock;
    private final Set<String> pinnedReferences;
    private final Map<String, Instant> lastUsed = new ConcurrentHashMap<>();
    /** Guards the figures below, so {@link #status()} answers while a collection runs. */
    private final Object figures = new Object();
    private Optional<GcRun> last = Optional.empty();
    private long runs;
    private long imagesRemoved;
    private long bytesFreed;

    /**
     * @param images the store itself (not a view that collects on its own)
     * @param inUse manifest digests containers were created from
     */
    public ImageGarbageCollector(ImageService images, ImageGcConfig config, Supplier<Set<String>> inUse, UsageProbe usage, Clock clock)
    {
        this.images = requireNonNull(images, "images is null");
        this.config = requireNonNull(config, "config is null");
        this.inUse = requireNonNull(inUse, "inUse is null");
        this.usage = requireNonNull(usage, "usage is null");
        this.clock = requireNonNull(clock, "clock is null");
        Set<String> pinned = new HashSet<>();
        for (String entry : config.pinned()) {
            pinned.add(canonicalPin(entry));
        }
        this.pinnedReferences = Set.copyOf(pinned);
    }

    private static String canonicalPin(String entry)
    {
        if (Digests.isValid(entry)) {
            return entry;
        }
        try {
            return ImageReference.parse(entry).canonical();
        }
        catch (AgentError e) {
            throw new Configuration(ImageGcConfig.PINNED.name() + ": \"" + entry + "\" is neither an image reference nor a digest: " + e.getMessage(), e);
        }
    }

    /** Records that a container was just made from (or a pull or load just stored) the image with this manifest digest. */
    public void used(String digest)
    {
        lastUsed.put(requireNonNull(digest, "digest is null"), clock.instant());
    }

    /** Collects when usage is above {@code image.gc.high}; empty when it is not. */
    public Optional<GcRun> collectIfAbove()
    {
        StoreUsage now = usage.read();
        if (!now.above(config.high()) || config.high() >= 100) {
            return Optional.empty();
        }
        return Optional.of(collect(GcRun.Trigger.THRESHOLD, Set.of()));
    }

    /**
     * Sweeps blobs and layers no image references, then removes unused images least recently used first until usage is
     * at or below {@code image.gc.low}.
     *
     * @param protect manifest digests the caller is about to use, kept like those of containers
     */
    public synchronized GcRun collect(GcRun.Trigger trigger, Set<String> protect)
    {
        requireNonNull(trigger, "trigger is null");
        requireNonNull(protect, "protect is null");
        StoreUsage before = usage.read();
        Set<String> kept = new HashSet<>(inUse.get());
        kept.addAll(protect);
        long freed = images.gc(kept).bytesFreed();
        List<String> removed = new ArrayList<>();
        for (Candidate candidate : candidates(kept)) {
            if (!usage.read().above(config.low())) {
                break;
            }
            images.remove(candidate.digest());
            GcReport report = images.gc(kept);
            freed += report.bytesFreed();
            removed.addAll(candidate.references());
            lastUsed.remove(candidate.digest());
            log.info("image gc ({}) removed {} ({}), last used {}, freeing {} bytes", trigger.label(), candidate.references(),
                    candidate.digest(), candidate.lastUsed(), report.bytesFreed());
        }
        StoreUsage after = usage.read();
        GcRun run = new GcRun(clock.instant(), trigger, before, after, removed, freed);
        synchronized (figures) {
            last = Optional.of(run);
            runs++;
            imagesRemoved += removed.size();
            bytesFreed += freed;
        }
        log.info("image gc ({}): {} images removed, {} bytes freed, usage {}% -> {}% (high {}%, low {}%)", trigger.label(), removed.size(),
                freed, Math.round(before.usedPercent()), Math.round(after.usedPercent()), config.high(), config.low());
        return run;
    }

    /** Unused, unpinned images older than the minimum age, least recently used first. */
    private List<Candidate> candidates(Set<String> kept)
    {
        Instant youngest = clock.instant().minus(config.minAge());
        Map<String, List<StoredImage>> byDigest = new LinkedHashMap<>();
        for (StoredImage image : images.list()) {
            byDigest.computeIfAbsent(image.digest(), digest -> new ArrayList<>()).add(image);
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Map.Entry<String, List<StoredImage>> entry : byDigest.entrySet()) {
            String digest = entry.getKey();
            List<StoredImage> names = entry.getValue();
            Instant used = names.stream().map(StoredImage::stored).max(Comparator.naturalOrder()).orElseThrow();
            Instant touched = lastUsed.getOrDefault(digest, used);
            used = touched.isAfter(used) ? touched : used;
            if (kept.contains(digest) || used.isAfter(youngest) || pinned(digest, names)) {
                continue;
            }
            candidates.add(new Candidate(digest, names.stream().map(StoredImage::reference).toList(), used));
        }
        candidates.sort(Comparator.comparing(Candidate::lastUsed).thenComparing(Candidate::digest));
        return candidates;
    }

    private boolean pinned(String digest, List<StoredImage> names)
    {
        if (pinnedReferences.contains(digest) || names.stream().anyMatch(name -> pinnedReferences.contains(name.reference()))) {
            return true;
        }
        return images.find(digest).map(PulledImage::config)
                .map(imageConfig -> "true".equalsIgnoreCase(imageConfig.labels().getOrDefault(ImageGcConfig.PINNED_LABEL, "")))
                .orElse(false);
    }

    public ImageGcStatus status()
    {
        StoreUsage now = usage.read();
        synchronized (figures) {
            return new ImageGcStatus(now, config, last, runs, imagesRemoved, bytesFreed);
        }
    }

    public ImageGcConfig config()
    {
        return config;
    }

    private record Candidate(String digest, List<String> references, Instant lastUsed) {}
}
