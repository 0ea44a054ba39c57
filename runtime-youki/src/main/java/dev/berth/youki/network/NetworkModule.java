package dev.berth.youki.network;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/** Binds {@link NetworkManager} to the CNI implementation, for the youki backend's injector. */
public final class NetworkModule
        extends AbstractModule
{
    private final NetworkConfig config;

    public NetworkModule(NetworkConfig config)
    {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    protected void configure()
    {
        bind(NetworkConfig.class).toInstance(config);
        bind(CniNetworkManager.class).in(Scopes.SINGLETON);
        bind(NetworkManager.class).to(CniNetworkManager.class);
    }
}
