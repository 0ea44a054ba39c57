package dev.berth.node.pressure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A fake host tree: the proc and sys/fs/cgroup files the pressure reader reads, written by the test. */
final class FakeHost
{
    private final Path root;

    FakeHost(Path root)
    {
        this.root = root;
        memory(8L << 30, 4L << 30);
        pids(32768, 200);
        write("proc/sys/kernel/threads-max", "192735");
        write("proc/self/cgroup", "0::/\n");
    }

    Path root()
    {
        return root;
    }

    FakeHost memory(long totalBytes, long availableBytes)
    {
        return write("proc/meminfo", "MemTotal:       " + totalBytes / 1024 + " kB\nMemFree:         1000 kB\nMemAvailable:   "
                + availableBytes / 1024 + " kB\nBuffers:           10 kB\n");
    }

    FakeHost pids(long pidMax, long tasks)
    {
        write("proc/sys/kernel/pid_max", String.valueOf(pidMax));
        return write("proc/loadavg", "0.52 0.58 0.59 3/" + tasks + " 12345");
    }

    FakeHost write(String relative, String content)
    {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return this;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
