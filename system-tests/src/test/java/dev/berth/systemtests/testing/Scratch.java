package dev.berth.systemtests.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** A temp directory under /tmp (short paths: sockets), removed quietly after a test class. */
public final class Scratch
{
    private Scratch() {}

    public static Path create(String prefix)
            throws IOException
    {
        return Files.createTempDirectory(Path.of("/tmp"), prefix);
    }

    public static void removeQuietly(Path directory)
    {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (var walk = Files.walk(directory)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                }
                catch (IOException ignored) {
                    // a busy mount point or a file a container still holds: left for the OS's /tmp cleanup
                }
            });
        }
        catch (IOException ignored) {
            // as above
        }
    }
}
