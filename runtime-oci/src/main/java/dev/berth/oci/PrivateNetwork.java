package dev.berth.oci;

import dev.berth.core.error.Unsupported;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.oci.bundle.NetworkNamespace;

/** Networking without CNI: {@code none} gets a private namespace with loopback, {@code host} the host's. */
public final class PrivateNetwork
        implements ContainerNetwork
{
    @Override
    public NetworkNamespace attach(String id, ServiceSpec spec)
    {
        return switch (spec.network()) {
            case NONE -> NetworkNamespace.privateNamespace();
            case HOST -> NetworkNamespace.host();
            case BRIDGE -> throw new Unsupported("network: bridge needs the CNI network manager, which is not bound in this agent");
        };
    }

    @Override
    public void detach(String id)
    {
    }
}
