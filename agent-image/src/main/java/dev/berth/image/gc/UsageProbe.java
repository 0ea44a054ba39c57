package dev.berth.image.gc;

import dev.berth.core.error.Internal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the image store's file system usage. */
@FunctionalInterface
public interface UsageProbe
{
    StoreUsage read();

    /** The file system holding {@code root} (statvfs through the JDK's FileStore). */
    static UsageProbe of(Path root)
    {
        return () -> {
            try {
                Files.createDirectories(root);
                FileStore store = Files.getFileStore(root);
                return new StoreUsage(store.getTotalSpace(), store.getUsableSpace());
            }
            catch (IOException e) {
                throw new Internal("cannot read the usage of the image store's file system at " + root + ": " + e.getMessage(), e);
            }
        };
    }
}
