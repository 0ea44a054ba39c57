package dev.berth.youki.network;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.oci.ContainerNetwork;
import dev.berth.oci.bundle.NetworkNamespace;

/**
 * The youki backend's {@link ContainerNetwork} on CNI: every mode goes through the {@link NetworkManager}, so
 * NONE and BRIDGE containers join a namespace it created (at a path) and HOST containers the host's.
 */
public final class CniContainerNetwork
        implements ContainerNetwork
{
    private final NetworkManager manager;

    @Inject
    public CniContainerNetwork(NetworkManager manager)
    {
        this.manager = requireNonNull(manager, "manager is null");
    }

    @Override
    public NetworkNamespace attach(String id, ServiceSpec spec)
    {
        NetworkAttachment attachment = manager.attach(id, spec.network(), spec.ports());
        return attachment.namespacePath()
                .map(path -> NetworkNamespace.at(path.toString()))
                .orElseGet(NetworkNamespace::host);
    }

    @Override
    public void detach(String id)
    {
        manager.detach(id);
    }
}
