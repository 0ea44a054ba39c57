package dev.berth.oci.linux;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.function.Supplier;

/**
 * libc loaded on first use. JNA's own start (its classes and native stub) takes a few hundred milliseconds on a
 * small host, so the agent neither pays it before it is ready nor makes its first container wait for it:
 * {@link #preloadInBackground()} does it on a daemon thread.
 */
public final class LazyLibC
        implements Supplier<LibC>
{
    private static final Logger log = LogManager.getLogger(LazyLibC.class);

    private volatile LibC libc;

    @Override
    public LibC get()
    {
        LibC loaded = libc;
        if (loaded == null) {
            synchronized (this) {
                loaded = libc;
                if (loaded == null) {
                    loaded = LibCLoader.load();
                    libc = loaded;
                }
            }
        }
        return loaded;
    }

    /** Starts loading now, off the caller's thread; a failure shows again on first use. */
    public LazyLibC preloadInBackground()
    {
        Thread thread = new Thread(() -> {
            try {
                get();
            }
            catch (RuntimeException e) {
                log.debug("preloading libc failed; it is retried on first use: {}", e.getMessage());
            }
        }, "libc-preload");
        thread.setDaemon(true);
        thread.start();
        return this;
    }
}
