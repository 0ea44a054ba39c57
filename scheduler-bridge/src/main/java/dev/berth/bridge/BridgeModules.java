package dev.berth.bridge;

import com.google.inject.Module;
import dev.berth.bridge.embedded.EmbeddedBridgeModule;
import dev.berth.bridge.etcd.EtcdBridgeModule;
import dev.berth.core.config.ConfigMap;

/** The Guice module for the bridge {@code bridge.mode} asks for; it binds {@link SchedulerBridge} and {@link BridgeConfig}. */
public final class BridgeModules
{
    private BridgeModules() {}

    /** @throws dev.berth.core.error.Configuration naming the bridge key at fault */
    public static Module forConfig(ConfigMap config)
    {
        return forConfig(BridgeConfig.from(config));
    }

    public static Module forConfig(BridgeConfig config)
    {
        return config.mode().equals(BridgeConfig.ETCD) ? new EtcdBridgeModule(config) : new EmbeddedBridgeModule(config);
    }
}
