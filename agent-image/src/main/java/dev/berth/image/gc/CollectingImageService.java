package dev.berth.image.gc;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.Errno;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.spec.PlatformSpec;
import dev.berth.image.GcReport;
import dev.berth.image.ImageService;
import dev.berth.image.LayerImporter;
import dev.berth.image.PullListener;
import dev.berth.image.StoredImage;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The image store with its garbage collector in front: usage is checked against {@code image.gc.high} after every pull
 * and load and every {@code image.gc.interval}; a pull, load or layer unpack that fails for want of space (ENOSPC,
 * EDQUOT) runs one collection and, when that freed anything, is retried once. Records each image's last use for the
 * collector's least-recently-used order.
 */
public final class CollectingImageService
        implements ImageService, AutoCloseable
{
    private static final Logger log = LogManager.getLogger(CollectingImageService.class);

    private final ImageService delegate;
    private final ImageGarbageCollector collector;
    private final ScheduledExecutorService timer;

    /** @param collector a collector over {@code delegate} */
    public CollectingImageService(ImageService delegate, ImageGarbageCollector collector)
    {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.collector = requireNonNull(collector, "collector is null");
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "image-gc");
            thread.setDaemon(true);
            return thread;
        });
        long interval = collector.config().interval().toMillis();
        timer.scheduleWithFixedDelay(this::checkThreshold, interval, interval, TimeUnit.MILLISECONDS);
    }

    public ImageGarbageCollector collector()
    {
        return collector;
    }

    @Override
    public PulledImage pull(String reference, PlatformSpec platform, PullListener listener)
    {
        PulledImage image = retryingWhenFull("pull of " + reference, Set.of(), () -> delegate.pull(reference, platform, listener));
        collector.used(image.digest());
        checkThreshold();
        return image;
    }

    @Override
    public List<PulledImage> load(Path source, Optional<String> name)
    {
        List<PulledImage> loaded = retryingWhenFull("load of " + source, Set.of(), () -> delegate.load(source, name));
        loaded.forEach(image -> collector.used(image.digest()));
        checkThreshold();
        return loaded;
    }

    @Override
    public Optional<PulledImage> find(String reference)
    {
        return delegate.find(reference);
    }

    @Override
    public List<StoredImage> list()
    {
        return delegate.list();
    }

    @Override
    public void remove(String reference)
    {
        delegate.remove(reference);
    }

    @Override
    public GcReport gc(Set<String> inUse)
    {
        return delegate.gc(inUse);
    }

    @Override
    public List<Path> layerDirectories(PulledImage image)
    {
        collector.used(image.digest());
        return retryingWhenFull("unpacking " + image.reference(), Set.of(image.digest()), () -> delegate.layerDirectories(image));
    }

    @Override
    public List<Path> layerDirectories(PulledImage image, LayerImporter importer)
    {
        collector.used(image.digest());
        return retryingWhenFull("importing " + image.reference(), Set.of(image.digest()), () -> delegate.layerDirectories(image, importer));
    }

    @Override
    public List<Path> layerBlobs(PulledImage image)
    {
        collector.used(image.digest());
        return delegate.layerBlobs(image);
    }

    private <T> T retryingWhenFull(String what, Set<String> protect, Supplier<T> operation)
    {
        try {
            return operation.get();
        }
        catch (AgentError error) {
            if (error.errno().isEmpty() || !Errno.isStorageFull(error.errno().getAsInt())) {
                throw error;
            }
            GcRun run;
            try {
                run = collector.collect(GcRun.Trigger.STORAGE_FULL, protect);
            }
            catch (AgentError collectFailed) {
                error.addSuppressed(collectFailed);
                throw error;
            }
            if (run.bytesFreed() == 0) {
                log.warn("{} failed for want of space and image gc freed nothing: {}", what, error.getMessage());
                throw error;
            }
            log.warn("{} failed for want of space; image gc freed {} bytes ({} images), retrying once", what, run.bytesFreed(),
                    run.imagesRemoved().size());
            return operation.get();
        }
    }

    private void checkThreshold()
    {
        try {
            collector.collectIfAbove();
        }
        catch (RuntimeException e) {
            // the operation that asked is done; a failed collection is the collector's to report
            log.warn("image gc by threshold failed: {}", e.getMessage(), e);
        }
    }

    @Override
    public void close()
            throws Exception
    {
        timer.shutdownNow();
        if (delegate instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
