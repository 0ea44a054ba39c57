package dev.berth.wsl2.plugin;

import com.google.inject.Module;
import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.Configuration;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.plugin.BackendPlugin;
import dev.berth.core.spec.OsFamily;
import dev.berth.gpu.config.GpuConfig;
import dev.berth.wsl2.config.TransportKind;
import dev.berth.wsl2.config.Wsl2Config;
import dev.berth.wsl2.transport.DistroTransport;
import dev.berth.wsl2.transport.LocalDistroTransport;
import dev.berth.wsl2.transport.WslExeTransport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The WSL2 delegate as a plugin: Linux containers on a Windows host, inside the configured WSL2 distro. Usable only
 * on Windows with {@code runtime.wsl2.distro} set, the distro reachable and the runtime and conmon inside it; with
 * {@code runtime.wsl2.transport=local} it runs its commands on a Linux host instead, for tests.
 */
public final class Wsl2Plugin
        implements BackendPlugin
{
    @Override
    public String name()
    {
        return Wsl2Module.NAME;
    }

    @Override
    public Set<OsFamily> servedOs()
    {
        return Set.of(OsFamily.LINUX);
    }

    @Override
    public List<ConfigKey<?>> configKeys()
    {
        List<ConfigKey<?>> keys = new ArrayList<>(Wsl2Config.KEYS);
        keys.addAll(GpuConfig.configKeys());
        return List.copyOf(keys);
    }

    @Override
    public Optional<String> unusableReason(HostPlatform host, ConfigMap config)
    {
        Wsl2Config wsl2;
        try {
            wsl2 = Wsl2Config.from(config);
            GpuConfig.from(config);
        }
        catch (Configuration e) {
            return Optional.of(e.getMessage());
        }
        if (wsl2.transport() == TransportKind.WSL && host.os() != OsFamily.WINDOWS) {
            return Optional.of("not a Windows host (" + host.os() + "); the wsl2 delegate runs Linux containers on Windows nodes");
        }
        if (wsl2.distro().isBlank()) {
            return Optional.of(Wsl2Config.DISTRO.name() + " is not set: name the WSL2 distro to run Linux containers in (see 'wsl.exe -l -v')");
        }
        DistroTransport transport = wsl2.transport() == TransportKind.WSL
                ? new WslExeTransport(wsl2.wslExe(), wsl2.distro())
                : new LocalDistroTransport(Path.of(wsl2.localRoot()));
        return new DistroProbe(transport, wsl2).unusableReason();
    }

    @Override
    public Module module(HostPlatform host, ConfigMap config)
    {
        return new Wsl2Module(Wsl2Config.from(config), GpuConfig.from(config));
    }
}
