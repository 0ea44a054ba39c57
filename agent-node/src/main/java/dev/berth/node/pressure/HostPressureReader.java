package dev.berth.node.pressure;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads memory and pid headroom from the host's own files under {@code root} ({@code /} in production, a fake tree in
 * tests): {@code /proc/meminfo}'s MemAvailable; free pids as the lesser of {@code pid_max} and {@code threads-max} less
 * the tasks {@code /proc/loadavg} counts; and where the agent's cgroup (from {@code /proc/self/cgroup}, v2 unified or v1
 * {@code memory} and {@code pids} controllers) sets a limit, what that limit leaves: memory as the limit less the
 * working set (usage less inactive file pages, as the kubelet counts it), pids as {@code pids.max} less
 * {@code pids.current}. The smaller figure wins.
 */
public final class HostPressureReader
{
    private final Path root;

    public HostPressureReader(Path root)
    {
        this.root = requireNonNull(root, "root is null");
    }

    public HostReading read()
    {
        long memory = kilobytes(meminfo(), "MemAvailable:") * 1024;
        String memorySource = "/proc/meminfo";
        long pidLimit = Math.min(number(read("proc/sys/kernel/pid_max")), readOptional("proc/sys/kernel/threads-max").map(this::number).orElse(Long.MAX_VALUE));
        long pids = Math.max(0, pidLimit - tasks());
        String pidsSource = "/proc/sys/kernel/pid_max and /proc/loadavg";
        List<String> cgroups = readOptional("proc/self/cgroup").map(String::lines).map(lines -> lines.toList()).orElse(List.of());
        boolean unified = Files.exists(root.resolve("sys/fs/cgroup/cgroup.controllers"));
        Optional<Path> memoryGroup = group(cgroups, unified, "memory");
        OptionalLong cgroupMemory = memoryGroup.map(group -> unified ? v2Memory(group) : v1Memory(group)).orElse(OptionalLong.empty());
        if (cgroupMemory.isPresent() && cgroupMemory.getAsLong() < memory) {
            memory = cgroupMemory.getAsLong();
            memorySource = "cgroup " + root.relativize(memoryGroup.get());
        }
        Optional<Path> pidsGroup = group(cgroups, unified, "pids");
        OptionalLong cgroupPids = pidsGroup.map(this::cgroupPids).orElse(OptionalLong.empty());
        if (cgroupPids.isPresent() && cgroupPids.getAsLong() < pids) {
            pids = cgroupPids.getAsLong();
            pidsSource = "cgroup " + root.relativize(pidsGroup.get());
        }
        return new HostReading(memory, memorySource, pids, pidsSource);
    }

    /** The agent's cgroup directory for {@code controller}: the {@code 0::} line on v2, the controller's line on v1. */
    private Optional<Path> group(List<String> cgroups, boolean unified, String controller)
    {
        for (String line : cgroups) {
            String[] parts = line.split(":", 3);
            if (parts.length != 3) {
                continue;
            }
            String relative = parts[2].startsWith("/") ? parts[2].substring(1) : parts[2];
            if (unified && parts[0].equals("0") && parts[1].isEmpty()) {
                return Optional.of(root.resolve("sys/fs/cgroup").resolve(relative));
            }
            if (!unified && List.of(parts[1].split(",")).contains(controller)) {
                return Optional.of(root.resolve("sys/fs/cgroup").resolve(controller).resolve(relative));
            }
        }
        return Optional.empty();
    }

    private OptionalLong v2Memory(Path group)
    {
        Optional<String> max = readOptional(root.relativize(group.resolve("memory.max")).toString());
        if (max.isEmpty() || max.get().equals("max")) {
            return OptionalLong.empty();
        }
        long usage = readOptional(root.relativize(group.resolve("memory.current")).toString()).map(this::number).orElse(0L);
        long inactive = stat(group.resolve("memory.stat"), "inactive_file");
        return OptionalLong.of(Math.max(0, number(max.get()) - Math.max(0, usage - inactive)));
    }

    private OptionalLong v1Memory(Path group)
    {
        Optional<String> limit = readOptional(root.relativize(group.resolve("memory.limit_in_bytes")).toString());
        // v1 writes "no limit" as the largest page-aligned long
        if (limit.isEmpty() || number(limit.get()) >= Long.MAX_VALUE / 2) {
            return OptionalLong.empty();
        }
        long usage = readOptional(root.relativize(group.resolve("memory.usage_in_bytes")).toString()).map(this::number).orElse(0L);
        long inactive = stat(group.resolve("memory.stat"), "total_inactive_file");
        return OptionalLong.of(Math.max(0, number(limit.get()) - Math.max(0, usage - inactive)));
    }

    private OptionalLong cgroupPids(Path group)
    {
        Optional<String> max = readOptional(root.relativize(group.resolve("pids.max")).toString());
        if (max.isEmpty() || max.get().equals("max")) {
            return OptionalLong.empty();
        }
        long current = readOptional(root.relativize(group.resolve("pids.current")).toString()).map(this::number).orElse(0L);
        return OptionalLong.of(Math.max(0, number(max.get()) - current));
    }

    private long stat(Path file, String key)
    {
        return readOptional(root.relativize(file).toString()).flatMap(text -> text.lines()
                .filter(line -> line.startsWith(key + " "))
                .map(line -> number(line.substring(key.length() + 1).trim()))
                .findFirst()).orElse(0L);
    }

    /** Kernel scheduling entities (threads) in existence: the total after the slash in /proc/loadavg's fourth field. */
    private long tasks()
    {
        String[] fields = read("proc/loadavg").split("\\s+");
        if (fields.length < 4 || !fields[3].contains("/")) {
            throw new Internal("cannot read the number of tasks from " + root.resolve("proc/loadavg") + ": \"" + String.join(" ", fields) + "\"");
        }
        return number(fields[3].substring(fields[3].indexOf('/') + 1));
    }

    private String meminfo()
    {
        return read("proc/meminfo");
    }

    private long kilobytes(String meminfo, String key)
    {
        return meminfo.lines().filter(line -> line.startsWith(key)).findFirst()
                .map(line -> number(line.substring(key.length()).replace("kB", "")))
                .orElseThrow(() -> new Internal("no " + key + " line in " + root.resolve("proc/meminfo")));
    }

    private long number(String text)
    {
        try {
            return Long.parseLong(text.trim());
        }
        catch (NumberFormatException e) {
            throw new Internal("cannot read a host figure: \"" + text.trim() + "\" is not a number", e);
        }
    }

    private String read(String relative)
    {
        return readOptional(relative).orElseThrow(() -> new Internal("cannot read " + root.resolve(relative) + ": it does not exist"));
    }

    private Optional<String> readOptional(String relative)
    {
        Path file = root.resolve(relative);
        try {
            // proc and cgroup files are a page at most; bounded all the same
            byte[] bytes;
            try (var in = Files.newInputStream(file)) {
                bytes = in.readNBytes(1 << 16);
            }
            return Optional.of(new String(bytes, java.nio.charset.StandardCharsets.US_ASCII).strip());
        }
        catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
        catch (IOException e) {
            throw new Internal("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
