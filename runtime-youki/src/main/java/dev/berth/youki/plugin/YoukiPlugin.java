package dev.berth.youki.plugin;

import com.google.inject.Module;
import com.google.inject.util.Modules;
import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.Configuration;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.plugin.BackendPlugin;
import dev.berth.core.spec.OsFamily;
import dev.berth.gpu.config.GpuConfig;
import dev.berth.youki.config.YoukiConfig;
import dev.berth.youki.gpu.GpuModule;
import dev.berth.youki.network.NetworkConfig;
import dev.berth.youki.network.NetworkFilesModule;
import dev.berth.youki.network.NetworkModule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The youki backend as a plugin: Linux hosts with the OCI runtime binary and conmon, running as root. */
public final class YoukiPlugin
        implements BackendPlugin
{
    @Override
    public String name()
    {
        return YoukiModule.NAME;
    }

    @Override
    public Set<OsFamily> servedOs()
    {
        return Set.of(OsFamily.LINUX);
    }

    @Override
    public List<ConfigKey<?>> configKeys()
    {
        List<ConfigKey<?>> keys = new ArrayList<>(YoukiConfig.KEYS);
        keys.addAll(NetworkConfig.configKeys());
        keys.addAll(GpuConfig.configKeys());
        return List.copyOf(keys);
    }

    @Override
    public Optional<String> unusableReason(HostPlatform host, ConfigMap config)
    {
        if (host.os() != OsFamily.LINUX) {
            return Optional.of("not a Linux host (" + host.os() + ")");
        }
        YoukiConfig youki;
        try {
            youki = YoukiConfig.from(config);
        }
        catch (Configuration e) {
            return Optional.of(e.getMessage());
        }
        if (Executables.find(youki.binary(), Executables.searchPath()).isEmpty()) {
            return Optional.of("the OCI runtime \"" + youki.binary() + "\" (" + youki.flavor().binaryName() + ") is not installed or not on PATH"
                    + " (set " + YoukiConfig.BINARY.name() + ")");
        }
        if (Executables.find(youki.conmon(), Executables.searchPath()).isEmpty()) {
            return Optional.of("conmon is missing at " + youki.conmon() + " (install the conmon package or set " + YoukiConfig.CONMON.name() + ")");
        }
        if (!isRoot(Path.of("/proc/self/status"))) {
            return Optional.of("the agent is not running as root, which the OCI runtime needs");
        }
        return Optional.empty();
    }

    static boolean isRoot(Path procStatus)
    {
        try {
            for (String line : Files.readAllLines(procStatus)) {
                if (line.startsWith("Uid:")) {
                    String[] fields = line.substring(4).trim().split("\\s+");
                    return fields.length > 1 && fields[1].equals("0");
                }
            }
            return false;
        }
        catch (IOException e) {
            return false;
        }
    }

    @Override
    public Module module(HostPlatform host, ConfigMap config)
    {
        // CNI networking (none, bridge with published ports, host), the /etc/hosts and resolv.conf customizer,
        // and GPU delivery through CDI/MPS/time-slice
        return Modules.combine(new YoukiModule(YoukiConfig.from(config)), new NetworkModule(NetworkConfig.from(config)), new NetworkFilesModule(),
                new GpuModule(GpuConfig.from(config)));
    }
}
