package dev.berth.core.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What the image store did for one container start, told to whoever times that start. The SPI's {@code pull} and
 * {@code create} do not carry it: a backend calls the node's image service on the caller's thread, so the start's
 * timer is set for that thread with {@link #observe} around the call, and the image service reports to
 * {@link #current()}. Work on other threads (the downloads) reports to the observer it captured on the caller's.
 */
public final class ImageActivity
{
    /** Receives what the image store did; both may be called from any thread. */
    public interface Observer
    {
        Observer NONE = new Observer()
        {
            @Override
            public void pulled(long bytesDownloaded, boolean cached) {}

            @Override
            public void unpacked(Duration took) {}
        };

        /** The image was resolved: {@code bytesDownloaded} from the registry, or {@code cached} in the store already. */
        void pulled(long bytesDownloaded, boolean cached);

        /** Layers were unpacked (or imported) to make a root filesystem, taking {@code took}. */
        void unpacked(Duration took);
    }

    /** Ends an observation, restoring the observer before it. */
    public interface Scope
            extends AutoCloseable
    {
        @Override
        void close();
    }

    private static final ThreadLocal<Observer> CURRENT = ThreadLocal.withInitial(() -> Observer.NONE);

    private ImageActivity() {}

    public static Scope observe(Observer observer)
    {
        requireNonNull(observer, "observer is null");
        Observer before = CURRENT.get();
        CURRENT.set(observer);
        return () -> CURRENT.set(before);
    }

    /** The observer set for this thread, or one that discards. */
    public static Observer current()
    {
        return CURRENT.get();
    }
}
