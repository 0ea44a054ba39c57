package dev.berth.systemtests.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident set size, open file descriptors and threads of a process, read from /proc. */
public record ProcessFigures(long rssKib, int fds, int threads)
{
    public static ProcessFigures of(long pid)
    {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            long rss = 0;
            int threads = 0;
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
                else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
                }
            }
            int fds;
            try (var list = Files.list(proc.resolve("fd"))) {
                fds = (int) list.count();
            }
            return new ProcessFigures(rss, fds, threads);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
