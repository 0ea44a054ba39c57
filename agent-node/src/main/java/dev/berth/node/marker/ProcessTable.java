package dev.berth.node.marker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Reads process identity from {@code /proc}: a PID alone can be recycled, so a process is identified by its PID
 * together with its start time (field 22 of {@code /proc/PID/stat}, in clock ticks since boot).
 */
public final class ProcessTable
{
    private final Path proc;

    public ProcessTable(Path proc)
    {
        this.proc = proc;
    }

    public static ProcessTable system()
    {
        return new ProcessTable(Path.of("/proc"));
    }

    /** The process's start time in clock ticks since boot, or empty when no such process is alive. */
    public OptionalLong startTime(long pid)
    {
        String stat;
        try {
            stat = Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            return OptionalLong.empty();
        }
        return parseStartTime(stat);
    }

    /**
     * Field 22 of a stat line. The command name (field 2) is in parentheses and may itself hold spaces and
     * parentheses, so fields are counted from the last ')'.
     */
    static OptionalLong parseStartTime(String stat)
    {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return OptionalLong.empty();
        }
        String[] rest = stat.substring(close + 1).trim().split("\\s+");
        // rest[0] is field 3 (state); field 22 is rest[19].
        if (rest.length < 20) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(rest[19]));
        }
        catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The process's command line with NULs as spaces, or empty text when unreadable. */
    public String commandLine(long pid)
    {
        try {
            byte[] bytes = Files.readAllBytes(proc.resolve(Long.toString(pid)).resolve("cmdline"));
            return new String(bytes, StandardCharsets.UTF_8).replace('\0', ' ').trim();
        }
        catch (IOException e) {
            return "";
        }
    }
}
