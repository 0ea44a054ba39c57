package dev.berth.node.api;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The agent's file descriptor limit and the share of it API connections may use. The JVM raises the soft
 * RLIMIT_NOFILE to the hard one at start (HotSpot's MaxFDLimit, on by default; bin/berth raises it too); a reserve
 * stays for the agent's own work (logs, the store, runtime pipes), so a flood of connections can never take the
 * descriptors an attached run needs for its output.
 */
public final class FileDescriptorBudget
{
    private static final Logger log = LogManager.getLogger(FileDescriptorBudget.class);
    /** Descriptors kept for everything but API connections. */
    public static final int RESERVE = 1024;

    private final OptionalLong soft;
    private final OptionalLong hard;

    FileDescriptorBudget(OptionalLong soft, OptionalLong hard)
    {
        this.soft = soft;
        this.hard = hard;
    }

    public static FileDescriptorBudget current()
    {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] fields = line.substring("Max open files".length()).trim().split("\\s+");
                    return new FileDescriptorBudget(number(fields[0]), number(fields[1]));
                }
            }
        }
        catch (IOException | RuntimeException e) {
            log.debug("cannot read /proc/self/limits: {}", e.toString());
        }
        return new FileDescriptorBudget(OptionalLong.empty(), OptionalLong.empty());
    }

    private static OptionalLong number(String field)
    {
        return field.equals("unlimited") ? OptionalLong.of(Long.MAX_VALUE) : OptionalLong.of(Long.parseLong(field));
    }

    /** {@code wanted}, or less when the limit leaves less than that (at most half of what is left above the reserve). */
    int cap(int wanted, String key)
    {
        if (soft.isEmpty()) {
            return wanted;
        }
        long room = Math.max(16, (soft.getAsLong() - RESERVE) / 2);
        if (wanted <= room) {
            return wanted;
        }
        log.warn("{}={} leaves too few file descriptors for the agent's own work (limit {}): using {}", key, wanted, soft.getAsLong(), room);
        return (int) room;
    }

    @Override
    public String toString()
    {
        return soft.isEmpty() ? "file descriptor limit unknown"
                : "file descriptor limit " + soft.getAsLong() + " (hard " + hard.orElse(-1) + "), " + RESERVE + " kept for the agent";
    }
}
