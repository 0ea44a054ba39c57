package dev.berth.youki.network;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.OptionalBinder;
import dev.berth.oci.ContainerNetwork;

/**
 * Binds {@link NetworkManager} to the CNI implementation and makes it the youki backend's {@link ContainerNetwork}
 * (replacing the loopback-only default). Install it beside {@code YoukiModule}.
 */
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
        bind(CniContainerNetwork.class).in(Scopes.SINGLETON);
        OptionalBinder.newOptionalBinder(binder(), ContainerNetwork.class).setBinding().to(CniContainerNetwork.class);
    }
}
