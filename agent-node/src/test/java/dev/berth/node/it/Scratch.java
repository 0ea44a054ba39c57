package dev.berth.node.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Best-effort removal of a test's scratch directory (container rootfs mounts may hold parts of it). */
public final class Scratch
{
    private Scratch() {}

    public static void removeQuietly(Path directory)
    {
        if (directory == null) {
            return;
        }
        try {
            // Container root filesystems left mounted (an agent that died before removing them) would pin the tree.
            List<String> mounts = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] fields = line.split(" ");
                if (fields.length > 1 && fields[1].startsWith(directory.toString() + "/")) {
                    mounts.add(fields[1]);
                }
            }
            Collections.reverse(mounts);
            for (String mount : mounts) {
                new ProcessBuilder("umount", "-l", mount).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            }
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
