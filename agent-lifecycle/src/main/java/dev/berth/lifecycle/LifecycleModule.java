package dev.berth.lifecycle;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.name.Named;
import dev.berth.core.composite.CompositeRuntime;
import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.event.EventSink;
import dev.berth.gpu.assign.GpuAssigner;
import dev.berth.gpu.config.GpuConfig;
import dev.berth.lifecycle.config.LifecycleConfig;
import dev.berth.state.StateModule;
import dev.berth.state.StateStore;

import java.nio.file.Path;
import java.util.List;

/**
 * Binds {@link ServiceManager} (and {@link DefaultServiceManager}) as a singleton. The agent must bind
 * {@link CompositeRuntime} (built over the {@code OwnershipStore} that {@link StateModule} binds),
 * {@link EventSink}, {@link ConfigMap} and {@code @Named("berth.data-dir") Path}; install {@link StateModule} too.
 * The manager is started when first provided: recovery has run, and {@link ServiceManager#lastRecovery()} holds its
 * report, by the time the injector hands it out.
 */
public final class LifecycleModule
        extends AbstractModule
{
    public static List<ConfigKey<?>> configKeys()
    {
        return LifecycleConfig.keys();
    }

    @Override
    protected void configure()
    {
        bind(ServiceManager.class).to(DefaultServiceManager.class);
    }

    @Provides
    @Singleton
    LifecycleConfig lifecycleConfig(ConfigMap config)
    {
        return LifecycleConfig.from(config);
    }

    @Provides
    @Singleton
    DefaultServiceManager serviceManager(CompositeRuntime runtime, StateStore store, EventSink sink, LifecycleConfig config,
            @Named(StateModule.DATA_DIR) Path dataDir, ConfigMap map)
    {
        DefaultServiceManager manager = new DefaultServiceManager(runtime, store, sink, config, dataDir, GpuAssigner.forLocalHost(GpuConfig.from(map)));
        manager.start();
        return manager;
    }
}
