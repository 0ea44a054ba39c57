package dev.berth.youki.network;

import dev.berth.core.error.InvalidSpec;
import dev.berth.core.error.Network;
import dev.berth.core.error.NotFound;
import dev.berth.core.spec.NetworkMode;
import dev.berth.core.spec.PortSpec;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Gives containers their network before the OCI runtime creates them, and takes it away when they are removed.
 * Attachments are recorded on disk, so an agent that restarts finds (and can tear down) what an earlier one set up.
 *
 * <p>Call {@link #attach} before {@code create} and put {@link NetworkAttachment#namespacePath()} into the OCI
 * config; call {@link #detach} on remove, after the container is gone. Every method fails only with an
 * {@link dev.berth.core.error.AgentError}.
 */
public interface NetworkManager
{
    /**
     * Sets up the container's network. NONE: a fresh namespace with only loopback, up. BRIDGE: a namespace on the
     * node bridge with an address from the subnet, and {@code ports} with a host port published on the host.
     * HOST: nothing to set up; the container shares the host's network.
     *
     * <p>Attaching again with the same mode and ports returns the existing attachment. A failed attach stays on
     * record (nothing is deleted on failure); {@link #detach} or a new attach cleans it up.
     *
     * @param ports the spec's ports; those with {@code hostPort} 0 are not published
     * @throws InvalidSpec when a port cannot be published in this mode, or the container id is unusable
     * @throws Network when a plugin or namespace command fails, carrying the plugin's error code, msg, details and
     * stderr; when a host port is already published by another container; or when the container is already
     * attached differently
     */
    NetworkAttachment attach(String containerId, NetworkMode mode, List<PortSpec> ports);

    /**
     * Removes everything {@link #attach} set up: published ports, the IP lease, the namespace and the record.
     * Detaching a container with no attachment does nothing.
     *
     * @throws Network when a plugin fails; the record stays so detach can be retried
     */
    void detach(String containerId);

    /** The recorded attachment of a container, complete ones only. */
    Optional<NetworkAttachment> find(String containerId);

    /** Every complete attachment on record, also those an earlier agent process made. */
    List<NetworkAttachment> attachments();

    /**
     * Detaches every container on record, finished or not, that is not in {@code knownContainerIds}: for a backend
     * that recovers after a restart and finds attachments whose containers were removed while it was down.
     *
     * @return the ids detached
     * @throws Network when a plugin fails; the attachments not yet detached stay on record
     */
    List<String> detachUnknown(Set<String> knownContainerIds);

    /**
     * Verifies that a recorded attachment is still in place (CNI CHECK): namespace mounted, interface and address
     * present, port rules in place.
     *
     * @throws NotFound when there is no complete attachment for the container
     * @throws Network describing what is missing
     */
    void check(String containerId);
}
