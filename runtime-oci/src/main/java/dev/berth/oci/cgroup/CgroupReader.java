package dev.berth.oci.cgroup;

import static java.util.Objects.requireNonNull;

import dev.berth.core.runtime.ContainerStats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a container's cgroup: CPU time, memory use and limit, process count and OOM kills, from cgroup v2
 * (unified) or v1 (including the hybrid layout, whose controllers are v1) under {@code root}, normally
 * {@code /sys/fs/cgroup}.
 */
public final class CgroupReader
{
    /** v1 reports "no limit" as the largest page-aligned long. */
    private static final long V1_UNLIMITED_FLOOR = Long.MAX_VALUE / 2;

    private final Path root;

    public CgroupReader(Path root)
    {
        this.root = requireNonNull(root, "root is null");
    }

    public boolean unified()
    {
        return Files.exists(root.resolve("cgroup.controllers"));
    }

    /** Stats of the cgroup at {@code cgroupsPath} (as in the OCI config, e.g. {@code /berth/ID}); zeros where a file is missing. */
    public ContainerStats stats(String cgroupsPath)
    {
        String relative = strip(cgroupsPath);
        if (unified()) {
            Path group = root.resolve(relative);
            long cpu = keyed(group.resolve("cpu.stat"), "usage_usec").orElse(0L) * 1000;
            long memory = number(group.resolve("memory.current")).orElse(0L);
            long limit = number(group.resolve("memory.max")).orElse(0L);
            long pids = number(group.resolve("pids.current")).orElse(0L);
            return new ContainerStats(cpu, memory, limit, pids);
        }
        long cpu = number(root.resolve("cpuacct").resolve(relative).resolve("cpuacct.usage")).orElse(0L);
        Path memoryGroup = root.resolve("memory").resolve(relative);
        long memory = number(memoryGroup.resolve("memory.usage_in_bytes")).orElse(0L);
        long limit = number(memoryGroup.resolve("memory.limit_in_bytes")).filter(value -> value < V1_UNLIMITED_FLOOR).orElse(0L);
        long pids = number(root.resolve("pids").resolve(relative).resolve("pids.current")).orElse(0L);
        return new ContainerStats(cpu, memory, limit, pids);
    }

    /** How many times the kernel OOM-killed a process in the cgroup (0 when the cgroup is gone). */
    public long oomKills(String cgroupsPath)
    {
        String relative = strip(cgroupsPath);
        if (unified()) {
            return keyed(root.resolve(relative).resolve("memory.events"), "oom_kill").orElse(0L);
        }
        return keyed(root.resolve("memory").resolve(relative).resolve("memory.oom_control"), "oom_kill").orElse(0L);
    }

    private static String strip(String cgroupsPath)
    {
        return cgroupsPath.startsWith("/") ? cgroupsPath.substring(1) : cgroupsPath;
    }

    private static Optional<Long> number(Path file)
    {
        try {
            String text = Files.readString(file).strip();
            if (text.equals("max")) {
                return Optional.of(0L);
            }
            return Optional.of(Long.parseLong(text));
        }
        catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> keyed(Path file, String key)
    {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2 && parts[0].equals(key)) {
                    return Optional.of(Long.parseLong(parts[1]));
                }
            }
            return Optional.empty();
        }
        catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
