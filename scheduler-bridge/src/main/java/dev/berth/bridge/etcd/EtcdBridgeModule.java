package dev.berth.bridge.etcd;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import dev.berth.bridge.BridgeConfig;
import dev.berth.bridge.SchedulerBridge;

/** Binds {@link SchedulerBridge} to the etcd cluster bridge. */
public final class EtcdBridgeModule
        extends AbstractModule
{
    private final BridgeConfig config;

    public EtcdBridgeModule(BridgeConfig config)
    {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    protected void configure()
    {
        bind(BridgeConfig.class).toInstance(config);
        bind(EtcdSchedulerBridge.class).in(Scopes.SINGLETON);
        bind(SchedulerBridge.class).to(EtcdSchedulerBridge.class);
    }
}
