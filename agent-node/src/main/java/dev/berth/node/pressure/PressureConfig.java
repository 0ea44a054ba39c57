package dev.berth.node.pressure;

import static java.util.Objects.requireNonNull;

import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.Configuration;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * When the node is under memory or pid pressure, every key under {@code node.pressure.}: below either threshold it
 * admits no new work and evicts containers. Defaults are stated on each key.
 */
public record PressureConfig(long memoryAvailable, long pidsFree, Duration interval, boolean evict, Duration evictionGrace, Path hostRoot)
{
    /** Default 100Mi, the kubelet's hard eviction threshold {@code memory.available<100Mi}. 0 turns it off. */
    public static final ConfigKey<Long> MEMORY_AVAILABLE = ConfigKey.size("node.pressure.memory-available", 100L << 20,
            "Memory pressure below this much available memory (the host's MemAvailable, or what the agent's cgroup limit leaves). 0 turns it off. Default 100Mi.");
    /** Default 1000. 0 turns it off. */
    public static final ConfigKey<Integer> PIDS_FREE = ConfigKey.integer("node.pressure.pids-free", 1000,
            "PID pressure below this many free process ids (pid_max or threads-max less tasks, or what the agent's pids cgroup leaves). 0 turns it off. Default 1000.");
    /** Default 10s, the kubelet's housekeeping interval. */
    public static final ConfigKey<Duration> INTERVAL = ConfigKey.positiveDuration("node.pressure.interval", Duration.ofSeconds(10),
            "How often pressure is read and, under pressure, one container evicted. Default 10s.");
    /** Default true. */
    public static final ConfigKey<Boolean> EVICT = ConfigKey.bool("node.pressure.evict", true,
            "Under pressure, stop one container per interval (no memory limit first, then by how far usage exceeds its request). Default true.");
    /** Default 0s, the kubelet's hard eviction: the container is killed at once. */
    public static final ConfigKey<Duration> EVICTION_GRACE = ConfigKey.duration("node.pressure.eviction-grace", Duration.ZERO,
            "How long an evicted container is given between SIGTERM and SIGKILL. Default 0s (killed at once, as the kubelet's hard eviction).");
    /** Default {@code /}: for tests, a tree with fake proc and sys/fs/cgroup files. */
    public static final ConfigKey<String> HOST_ROOT = ConfigKey.string("node.pressure.host-root", "/",
            "Directory under which proc/ and sys/fs/cgroup/ are read. For tests only; default /.");

    public PressureConfig
    {
        requireNonNull(interval, "interval is null");
        requireNonNull(evictionGrace, "evictionGrace is null");
        if (evictionGrace.isNegative()) {
            throw new Configuration(EVICTION_GRACE.name() + ": must not be negative, got " + evictionGrace);
        }
        requireNonNull(hostRoot, "hostRoot is null");
        if (memoryAvailable < 0) {
            throw new Configuration(MEMORY_AVAILABLE.name() + ": must not be negative, got " + memoryAvailable);
        }
        if (pidsFree < 0) {
            throw new Configuration(PIDS_FREE.name() + ": must not be negative, got " + pidsFree);
        }
    }

    public static List<ConfigKey<?>> keys()
    {
        return List.of(MEMORY_AVAILABLE, PIDS_FREE, INTERVAL, EVICT, EVICTION_GRACE, HOST_ROOT);
    }

    public static PressureConfig from(ConfigMap config)
    {
        requireNonNull(config, "config is null");
        return new PressureConfig(config.get(MEMORY_AVAILABLE), config.get(PIDS_FREE), config.get(INTERVAL), config.get(EVICT), config.get(EVICTION_GRACE),
                Path.of(config.get(HOST_ROOT)));
    }
}
