package dev.berth.oci;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Unsupported;
import dev.berth.core.spec.NetworkMode;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.oci.bundle.NetworkNamespace;

/** Networking without CNI: {@code none} gets a private namespace with loopback, {@code host} the host's. */
public final class PrivateNetwork
        implements ContainerNetwork
{
    private final String bridgeRefusal;

    /** Without CNI bound, as the youki backend runs when its network module is not installed. */
    public PrivateNetwork()
    {
        this("network: bridge needs the CNI network manager, which is not bound in this agent");
    }

    /** @param bridgeRefusal why {@code network: bridge} is refused here, and what to use instead */
    public PrivateNetwork(String bridgeRefusal)
    {
        this.bridgeRefusal = requireNonNull(bridgeRefusal, "bridgeRefusal is null");
    }

    @Override
    public void check(ServiceSpec spec)
    {
        if (spec.network() == NetworkMode.BRIDGE) {
            throw new Unsupported(bridgeRefusal);
        }
    }

    @Override
    public NetworkNamespace attach(String id, ServiceSpec spec)
    {
        return switch (spec.network()) {
            case NONE -> NetworkNamespace.privateNamespace();
            case HOST -> NetworkNamespace.host();
            case BRIDGE -> throw new Unsupported(bridgeRefusal);
        };
    }

    @Override
    public void detach(String id)
    {
    }
}
