package dev.berth.node.bootstrap;

import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.AgentError;
import dev.berth.core.plugin.BackendPlugin;
import dev.berth.gpu.config.GpuConfig;
import dev.berth.gpu.inventory.GpuInventory;
import dev.berth.gpu.inventory.GpuInventoryProbe;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Collects the node's fixed facts at boot, cheaply: no DNS lookups; one bounded nvidia-smi call only when it is installed. */
public final class NodeFacts
{
    private static final Logger log = LogManager.getLogger(NodeFacts.class);

    private NodeFacts() {}

    public static NodeInfo collect(AgentContext context)
    {
        return new NodeInfo(
                Version.current(),
                context.host(),
                hostname(),
                context.selection().active().stream().map(BackendPlugin::name).toList(),
                context.selection().rejected(),
                Runtime.getRuntime().availableProcessors(),
                memoryBytes(),
                gpus(context.config()),
                context.agent().dataDir(),
                context.agent().socket(),
                Instant.now(),
                context.marker());
    }

    public static String hostname()
    {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        }
        catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "localhost" : env;
        }
    }

    /** MemTotal from /proc/meminfo, or the JVM's view of physical memory elsewhere. */
    public static long memoryBytes()
    {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        }
        catch (IOException | NumberFormatException e) {
            // Not Linux, or an unusual /proc: fall through.
        }
        return Runtime.getRuntime().maxMemory();
    }

    /**
     * The GPU inventory from agent-gpu's probe (PCI display controllers in sysfs under {@code gpu.host-root}, refined by
     * {@code nvidia-smi} when present, bounded by {@code gpu.probe-timeout}). A probe that fails leaves the node without GPUs.
     */
    public static GpuInventory gpus(ConfigMap config)
    {
        try {
            return GpuInventoryProbe.forLocalHost(GpuConfig.from(config)).probe();
        }
        catch (AgentError | UncheckedIOException e) {
            log.warn("GPU inventory probe failed; reporting no GPUs: {}", e.getMessage());
            return new GpuInventory(List.of(), 1, "none");
        }
    }
}
