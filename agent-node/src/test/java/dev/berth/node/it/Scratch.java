package dev.berth.node.it;

import java.io.IOException;
import java.nio.file.Path;

/** Best-effort removal of a test's scratch directory (container rootfs mounts may hold parts of it). */
final class Scratch
{
    private Scratch() {}

    static void removeQuietly(Path directory)
    {
        if (directory == null) {
            return;
        }
        try {
            new ProcessBuilder("rm", "-rf", "--one-file-system", directory.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        }
        catch (IOException e) {
            // Left for the OS's /tmp cleanup.
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
