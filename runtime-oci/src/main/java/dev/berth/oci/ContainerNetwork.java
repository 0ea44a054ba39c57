package dev.berth.oci;

import dev.berth.core.spec.ServiceSpec;
import dev.berth.oci.bundle.NetworkNamespace;

/**
 * Gives a container its network before it is created and takes it back when it is removed. The CNI
 * implementation (package {@code dev.berth.youki.network}) attaches bridge containers to a namespace it creates
 * and publishes their ports; {@link PrivateNetwork} serves {@code none} and {@code host} alone.
 */
public interface ContainerNetwork
{
    /** Refuses, before anything is made, a network this implementation cannot give. */
    default void check(ServiceSpec spec)
    {
    }

    /**
     * Prepares the container's network.
     *
     * @return the namespace the OCI config must put the container in
     */
    NetworkNamespace attach(String id, ServiceSpec spec);

    /** Releases what {@link #attach} set up; a no-op for a container it never attached. */
    void detach(String id);
}
