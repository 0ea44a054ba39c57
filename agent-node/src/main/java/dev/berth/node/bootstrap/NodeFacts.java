package dev.berth.node.bootstrap;

import dev.berth.core.plugin.BackendPlugin;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Collects the node's fixed facts at boot, cheaply: no DNS lookups, no process spawns. */
public final class NodeFacts
{
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
                gpus(),
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

    /** NVIDIA device nodes present on the host (the GPU module's probes refine this). */
    public static List<String> gpus()
    {
        List<String> gpus = new ArrayList<>();
        try (DirectoryStream<Path> devices = Files.newDirectoryStream(Path.of("/dev"), "nvidia[0-9]*")) {
            devices.forEach(device -> gpus.add(device.toString()));
        }
        catch (IOException e) {
            // No /dev: no GPUs to report.
        }
        gpus.sort(String::compareTo);
        return gpus;
    }
}
