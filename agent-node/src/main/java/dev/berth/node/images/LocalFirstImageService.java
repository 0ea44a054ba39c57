package dev.berth.node.images;

import dev.berth.core.runtime.ImageActivity;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.spec.PlatformSpec;
import dev.berth.image.GcReport;
import dev.berth.image.ImageService;
import dev.berth.image.LayerImporter;
import dev.berth.image.PullListener;
import dev.berth.image.StoredImage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The image service the backends see when they create containers: an image already in the store (loaded with
 * {@code berth load}, or pulled before) is used as it is, as {@code docker run} does, and only a missing one is
 * pulled. {@code berth pull} goes to the registry through {@link #registry()}. It tells the start being timed
 * ({@link ImageActivity}) whether the image was cached, how many bytes came from the registry and how long layers took
 * to unpack at create.
 */
public final class LocalFirstImageService
        implements ImageService, AutoCloseable
{
    private final ImageService delegate;

    public LocalFirstImageService(ImageService delegate)
    {
        this.delegate = requireNonNull(delegate, "delegate is null");
    }

    /** The store itself, pulling from the registry every time. */
    public ImageService registry()
    {
        return delegate;
    }

    @Override
    public PulledImage pull(String reference, PlatformSpec platform, PullListener listener)
    {
        ImageActivity.Observer observer = ImageActivity.current();
        Optional<PulledImage> stored = delegate.find(reference).filter(image -> matches(image, platform));
        if (stored.isPresent()) {
            observer.pulled(0, true);
            return stored.get();
        }
        CountingPullListener counting = new CountingPullListener(listener);
        PulledImage pulled = delegate.pull(reference, platform, counting);
        observer.pulled(counting.downloaded(), false);
        return pulled;
    }

    static boolean matches(PulledImage image, PlatformSpec platform)
    {
        boolean os = platform.os().map(wanted -> image.platform().osFamily().map(wanted::equals).orElse(false)).orElse(true);
        boolean arch = platform.arch().map(wanted -> wanted.equals(image.platform().arch())).orElse(true);
        return os && arch;
    }

    @Override
    public List<PulledImage> load(Path source, Optional<String> name)
    {
        return delegate.load(source, name);
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
        long started = System.nanoTime();
        try {
            return delegate.layerDirectories(image);
        }
        finally {
            ImageActivity.current().unpacked(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    @Override
    public List<Path> layerDirectories(PulledImage image, LayerImporter importer)
    {
        long started = System.nanoTime();
        try {
            return delegate.layerDirectories(image, importer);
        }
        finally {
            ImageActivity.current().unpacked(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    @Override
    public void close()
            throws Exception
    {
        if (delegate instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
