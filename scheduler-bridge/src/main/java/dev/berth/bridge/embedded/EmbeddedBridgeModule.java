package dev.berth.bridge.embedded;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import dev.berth.bridge.BridgeConfig;
import dev.berth.bridge.SchedulerBridge;

/** Binds {@link SchedulerBridge} to the single-node, in-process scheduler. */
public final class EmbeddedBridgeModule
        extends AbstractModule
{
    private final BridgeConfig config;

    public EmbeddedBridgeModule(BridgeConfig config)
    {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    protected void configure()
    {
        bind(BridgeConfig.class).toInstance(config);
        bind(EmbeddedSchedulerBridge.class).in(Scopes.SINGLETON);
        bind(SchedulerBridge.class).to(EmbeddedSchedulerBridge.class);
    }
}
