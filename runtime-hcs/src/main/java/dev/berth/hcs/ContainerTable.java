package dev.berth.hcs;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.NotFound;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.hcs.binding.ComputeCore;
import dev.berth.hcs.document.ContainerDocuments;
import dev.berth.hcs.document.IsolationMode;
import dev.berth.hcs.document.Properties;
import dev.berth.hcs.document.SystemQuery;
import dev.berth.hcs.error.HcsCallFailed;
import dev.berth.hcs.error.HcsErrors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The containers this backend knows: those it created in this run (with HCS exit events wired to wake their
 * waiters), and compute systems from an earlier agent run, opened by id when first asked about. Listing merges
 * what HCS enumerates with what is tracked here.
 */
final class ContainerTable
{
    private static final Logger log = LogManager.getLogger(ContainerTable.class);

    private final HcsClient client;
    private final ContainerFactory factory;
    private final ContainerStatuses statuses;
    private final Map<String, TrackedContainer> containers = new ConcurrentHashMap<>();
    private final String owner;

    ContainerTable(HcsClient client, ContainerFactory factory, ContainerStatuses statuses, String owner)
    {
        this.owner = requireNonNull(owner, "owner is null");
        this.client = requireNonNull(client, "client is null");
        this.factory = requireNonNull(factory, "factory is null");
        this.statuses = requireNonNull(statuses, "statuses is null");
    }

    boolean contains(String id)
    {
        return containers.containsKey(id);
    }

    /** Tracks a container created in this run; without exit events, {@link HcsRuntime#wait} falls back to polling. */
    void add(TrackedContainer container)
    {
        containers.put(container.id, container);
        try {
            client.setCallback(container.system, event -> onEvent(container, event));
        }
        catch (HcsCallFailed e) {
            log.warn("no exit events for {}; wait() will poll: {}", container.id, e.getMessage());
        }
    }

    /** Forgets a removed container. Caller holds its monitor. */
    void remove(String id)
    {
        containers.remove(id);
    }

    TrackedContainer tracked(String id)
    {
        TrackedContainer container = containers.get(id);
        if (container != null) {
            return container;
        }
        return adopt(id);
    }

    ContainerStatus status(String id)
    {
        TrackedContainer container = tracked(id);
        synchronized (container) {
            return statuses.status(container);
        }
    }

    List<ContainerStatus> list()
    {
        Map<String, ContainerStatus> all = new LinkedHashMap<>();
        String listing;
        try {
            // only berth's own containers: Docker's and containerd's systems on the same host are none of its business
            listing = client.enumerate(ContainerDocuments.json(new SystemQuery(null, List.of("Container"), List.of(owner))));
        }
        catch (HcsCallFailed e) {
            throw HcsErrors.toAgentError(e, HcsErrors.Action.OTHER, "*", "*");
        }
        for (Properties properties : Arrays.asList(ContainerDocuments.parse(listing, Properties[].class))) {
            TrackedContainer container = containers.get(properties.id());
            all.put(properties.id(), container != null ? status(properties.id())
                    : new ContainerStatus(properties.id(), HcsRuntime.NAME, ContainerStatuses.fromSystemState(properties.state()), OptionalLong.empty(),
                            Optional.empty(), Optional.empty()));
        }
        for (String id : containers.keySet()) {
            all.computeIfAbsent(id, this::status);
        }
        return List.copyOf(all.values());
    }

    private void onEvent(TrackedContainer container, SystemEvent event)
    {
        if (event.type() == ComputeCore.HcsEventSystemExited) {
            container.systemExited = true;
        }
        container.wake();
    }

    /** Opens a compute system of berth's that this agent did not create in this run (recovery); unknown ids and other owners' systems are {@link NotFound}. */
    private TrackedContainer adopt(String id)
    {
        SystemHandle system;
        try {
            system = client.openComputeSystem(id);
        }
        catch (HcsCallFailed e) {
            // HCS answers ERROR_NOT_FOUND (or HCS_E_SYSTEM_NOT_FOUND) for an id it does not know; anything else is a
            // real failure and must not read as "no such container"
            throw HcsErrors.toAgentError(e, HcsErrors.Action.OTHER, id, id);
        }
        String systemOwner;
        try {
            systemOwner = ContainerDocuments.parse(client.properties(system, ContainerStatuses.BASIC_QUERY), Properties.class).owner();
        }
        catch (HcsCallFailed e) {
            client.close(system);
            throw HcsErrors.toAgentError(e, HcsErrors.Action.OTHER, id, id);
        }
        if (!owner.equals(systemOwner)) {
            // another owner's system (Docker, containerd): berth must neither report nor stop it
            client.close(system);
            throw new NotFound(id, "compute system '" + id + "' belongs to owner '" + systemOwner + "', not '" + owner + "'");
        }
        TrackedContainer adopted = new TrackedContainer(id, id, IsolationMode.PROCESS, system, Optional.empty(),
                Optional.empty(), "", factory.log(id));
        TrackedContainer raced = containers.putIfAbsent(id, adopted);
        if (raced != null) {
            client.close(system);
            return raced;
        }
        return adopted;
    }
}
