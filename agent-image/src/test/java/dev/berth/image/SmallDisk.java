package dev.berth.image;

import dev.berth.core.testing.Requirements;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A tmpfs of a few MiB mounted for one test (root only; the test harness's, never the host's), unmounted on close. */
final class SmallDisk
        implements AutoCloseable
{
    private final Path mount;

    private SmallDisk(Path mount)
    {
        this.mount = mount;
    }

    static SmallDisk mount(Path directory, int megabytes)
            throws IOException, InterruptedException
    {
        Requirements.requireRoot();
        Files.createDirectories(directory);
        run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "berth-image-gc-test", directory.toString());
        return new SmallDisk(directory);
    }

    Path path()
    {
        return mount;
    }

    /** Writes a file of {@code bytes} zeros (tmpfs stores them) to take space. */
    Path fill(String name, long bytes)
            throws IOException
    {
        Path file = mount.resolve(name);
        byte[] block = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            for (long written = 0; written < bytes; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, bytes - written));
            }
        }
        return file;
    }

    @Override
    public void close()
            throws IOException, InterruptedException
    {
        run("umount", "-l", mount.toString());
    }

    private static void run(String... command)
            throws IOException, InterruptedException
    {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
    }
}
