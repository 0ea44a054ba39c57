package dev.berth.hcs.plugin;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import dev.berth.core.error.Configuration;
import dev.berth.core.plugin.BackendBinder;
import dev.berth.hcs.HcsClient;
import dev.berth.hcs.HcsConfig;
import dev.berth.hcs.HcsRuntime;
import dev.berth.hcs.binding.HcsLibraries;
import dev.berth.hcs.layer.LayerManager;

/**
 * Binds the HCS backend. {@link dev.berth.image.ImageService} and {@link dev.berth.core.platform.HostPlatform} are
 * bound by the agent. The native libraries are loaded here, once: the Windows DLLs, or {@code runtime.hcs.library}.
 */
public final class HcsModule
        extends AbstractModule
{
    private final HcsConfig config;

    public HcsModule(HcsConfig config)
    {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    protected void configure()
    {
        bind(HcsConfig.class).toInstance(config);
        bind(HcsRuntime.class).in(Scopes.SINGLETON);
        BackendBinder.bind(binder(), HcsRuntime.NAME, HcsRuntime.class);
    }

    @Provides
    @Singleton
    static HcsLibraries libraries(HcsConfig config)
    {
        try {
            return HcsLibraries.load(config.library());
        }
        catch (UnsatisfiedLinkError e) {
            throw new Configuration("hcs: cannot load " + config.library().orElse("computecore.dll/vmcompute.dll") + ": " + e.getMessage(), e);
        }
    }

    @Provides
    @Singleton
    static HcsClient client(HcsLibraries libraries, HcsConfig config)
    {
        return new HcsClient(libraries, config.operationTimeout());
    }

    @Provides
    @Singleton
    static LayerManager layers(HcsLibraries libraries, HcsConfig config)
    {
        return new LayerManager(libraries.vmCompute(), config.operationTimeout());
    }
}
