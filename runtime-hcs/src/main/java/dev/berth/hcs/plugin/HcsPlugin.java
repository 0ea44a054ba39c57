package dev.berth.hcs.plugin;

import com.google.inject.Module;
import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.plugin.BackendPlugin;
import dev.berth.core.spec.OsFamily;
import dev.berth.hcs.HcsConfig;
import dev.berth.hcs.HcsRuntime;
import dev.berth.hcs.binding.HcsLibraries;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The HCS backend as a plugin (found through {@code META-INF/services}). Usable on Windows when computecore.dll and
 * vmcompute.dll load. {@code runtime.hcs.library} — for tests only — loads a library exporting the same functions
 * (the C stub in src/test/c) instead, and then the backend is usable on Linux too, so multi-node tests can run a
 * "Windows" node on Linux.
 */
public final class HcsPlugin
        implements BackendPlugin
{
    private final Function<Optional<String>, HcsLibraries> loader;

    public HcsPlugin()
    {
        this(HcsLibraries::load);
    }

    HcsPlugin(Function<Optional<String>, HcsLibraries> loader)
    {
        this.loader = loader;
    }

    @Override
    public String name()
    {
        return HcsRuntime.NAME;
    }

    @Override
    public Set<OsFamily> servedOs()
    {
        return Set.of(OsFamily.WINDOWS);
    }

    @Override
    public List<ConfigKey<?>> configKeys()
    {
        return HcsConfig.KEYS;
    }

    @Override
    public Optional<String> unusableReason(HostPlatform host, ConfigMap config)
    {
        HcsConfig hcs = HcsConfig.from(config);
        if (hcs.library().isEmpty() && host.os() != OsFamily.WINDOWS) {
            return Optional.of("not Windows (the Host Compute Service is a Windows API; " + HcsConfig.LIBRARY.name()
                    + " can name a stand-in library for tests)");
        }
        try {
            loader.apply(hcs.library());
            return Optional.empty();
        }
        catch (UnsatisfiedLinkError e) {
            return Optional.of("cannot load " + hcs.library().orElse("computecore.dll and vmcompute.dll")
                    + (hcs.library().isEmpty() ? " (is the Windows Containers feature enabled?)" : "") + ": " + e.getMessage());
        }
    }

    @Override
    public Module module(HostPlatform host, ConfigMap config)
    {
        return new HcsModule(HcsConfig.from(config));
    }
}
