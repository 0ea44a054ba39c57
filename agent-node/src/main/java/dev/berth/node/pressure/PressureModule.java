package dev.berth.node.pressure;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.berth.core.composite.CompositeRuntime;
import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.event.EventSink;
import dev.berth.image.gc.ImageGarbageCollector;
import dev.berth.lifecycle.ServiceManager;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Binds the node's {@link PressureMonitor} (not started: the agent starts it once its API serves) and its {@link NodeConditions}. */
public final class PressureModule
        extends AbstractModule
{
    private final PressureConfig config;

    public PressureModule(ConfigMap config)
    {
        this.config = PressureConfig.from(requireNonNull(config, "config is null"));
    }

    /** Every key under {@code node.pressure.}, for the agent's unknown-key check. */
    public static List<ConfigKey<?>> configKeys()
    {
        return PressureConfig.keys();
    }

    @Provides
    @Singleton
    PressureMonitor monitor(ServiceManager services, CompositeRuntime runtime, EventSink events)
    {
        return new PressureMonitor(config, new HostPressureReader(config.hostRoot()), new RunningContainers(services, runtime),
                id -> services.stop(id, Optional.of(config.evictionGrace())), events, Clock.systemUTC());
    }

    @Provides
    @Singleton
    NodeConditions conditions(ImageGarbageCollector images, PressureMonitor pressure)
    {
        return new NodeConditions(Optional.of(images), Optional.of(pressure));
    }
}
