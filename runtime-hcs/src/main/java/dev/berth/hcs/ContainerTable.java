package dev.berth.hcs;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.InvalidSpec;
import dev.berth.core.error.NotFound;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.hcs.binding.ComputeCore;
import dev.berth.hcs.document.ContainerDocuments;
import dev.berth.hcs.document.Properties;
import dev.berth.hcs.document.SystemQuery;
import dev.berth.hcs.error.HcsCallFailed;
import dev.berth.hcs.error.HcsErrors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The containers this backend knows: those it created in this run (with HCS exit events wired to wake their
 * waiters); compute systems of berth's made by another backend instance (an earlier agent run), opened by id when
 * first asked about and described by their {@link ContainerRecord}; and containers that exist only as a record,
 * whose create failed or whose system is gone. Listing merges all three.
 */
final class ContainerTable
{
    private static final Logger log = LogManager.getLogger(ContainerTable.class);

    private final HcsClient client;
    private final ContainerFactory factory;
    private final ContainerStatuses statuses;
    private final ContainerRecords records;
    private final Map<String, TrackedContainer> containers = new ConcurrentHashMap<>();
    private final String owner;

    ContainerTable(HcsClient client, ContainerFactory factory, ContainerStatuses statuses, ContainerRecords records, String owner)
    {
        this.owner = requireNonNull(owner, "owner is null");
        this.client = requireNonNull(client, "client is null");
        this.factory = requireNonNull(factory, "factory is null");
        this.statuses = requireNonNull(statuses, "statuses is null");
        this.records = requireNonNull(records, "records is null");
    }

    /** Whether the id is taken: tracked here, or recorded by this or an earlier run. */
    boolean contains(String id)
    {
        return containers.containsKey(id) || records.find(id).isPresent();
    }

    /**
     * Tracks a container created in this run and writes its record; without exit events, {@link HcsRuntime#wait}
     * falls back to polling.
     */
    void add(TrackedContainer container)
    {
        containers.put(container.id, container);
        records.save(container.record);
        try {
            client.setCallback(container.system, event -> onEvent(container, event));
        }
        catch (HcsCallFailed e) {
            log.warn("no exit events for {}; wait() will poll: {}", container.id, e.getMessage());
        }
    }

    /** Forgets a removed container, here and on disk. Caller holds its monitor. */
    void remove(String id)
    {
        containers.remove(id);
        records.delete(id);
    }

    /**
     * Closes every handle this table holds and forgets its containers, as the agent's exit would: a system no other
     * handle holds then ends ({@code ShouldTerminateOnLastHandleClosed}); records stay for the next instance.
     */
    void closeAll()
    {
        List<TrackedContainer> closing = List.copyOf(containers.values());
        for (TrackedContainer container : closing) {
            synchronized (container) {
                client.close(container.system);
                container.utilityVm.ifPresent(client::close);
                containers.remove(container.id);
            }
        }
        // a system whose last handle closed has ended, and its pipes with it: the pumps take what is left and close
        // their pipes; only then is the process handle closed, which would close any pipe a pump had not taken yet
        long deadline = System.nanoTime() + client.operationTimeout().toNanos();
        for (TrackedContainer container : closing) {
            synchronized (container) {
                if (container.pump != null && !container.pump.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                    log.warn("output pumps of {} still running after {}: another handle keeps its system alive", container.id,
                            client.operationTimeout());
                }
                if (container.init != null) {
                    client.close(container.init);
                }
            }
        }
    }

    /** The container with a compute system; one known only from its record cannot be driven and is {@link InvalidSpec}. */
    TrackedContainer tracked(String id)
    {
        TrackedContainer container = containers.get(id);
        if (container != null) {
            return container;
        }
        Optional<ContainerRecord> record = records.find(id);
        try {
            return adopt(id, record);
        }
        catch (NotFound e) {
            if (record.isEmpty()) {
                throw e;
            }
            throw new InvalidSpec("container '" + id + "' has no compute system any more (" + (record.get().failure() != null ? "it failed: "
                    + record.get().failure() : "it ended with an earlier agent run") + "); remove it", e);
        }
    }

    /** The record of a container that has no compute system, when that is what {@code id} is. */
    Optional<ContainerRecord> recordOnly(String id)
    {
        if (containers.containsKey(id)) {
            return Optional.empty();
        }
        Optional<ContainerRecord> record = records.find(id);
        if (record.isEmpty()) {
            return record;
        }
        try {
            adopt(id, record);
            return Optional.empty();
        }
        catch (NotFound e) {
            return record;
        }
    }

    ContainerStatus status(String id)
    {
        Optional<ContainerRecord> recorded = recordOnly(id);
        if (recorded.isPresent()) {
            return ContainerStatuses.recorded(recorded.get());
        }
        TrackedContainer container = tracked(id);
        synchronized (container) {
            return statuses.status(container);
        }
    }

    List<ContainerStatus> list()
    {
        Set<String> ids = new LinkedHashSet<>();
        String listing;
        try {
            // only berth's own containers: Docker's and containerd's systems on the same host are none of its business
            listing = client.enumerate(ContainerDocuments.json(new SystemQuery(null, List.of("Container"), List.of(owner))));
        }
        catch (HcsCallFailed e) {
            throw HcsErrors.toAgentError(e, HcsErrors.Action.OTHER, "*", "*");
        }
        Arrays.stream(ContainerDocuments.parse(listing, Properties[].class)).map(Properties::id).forEach(ids::add);
        ids.addAll(containers.keySet());
        ids.addAll(records.ids());
        return ids.stream().map(this::listed).flatMap(Optional::stream).toList();
    }

    private Optional<ContainerStatus> listed(String id)
    {
        try {
            return Optional.of(status(id));
        }
        catch (NotFound e) {
            // removed between the listing and this look
            return Optional.empty();
        }
    }

    private void onEvent(TrackedContainer container, SystemEvent event)
    {
        if (event.type() == ComputeCore.HcsEventSystemExited) {
            container.systemExited = true;
        }
        container.wake();
    }

    /**
     * Opens a compute system of berth's that this backend instance did not create (recovery), restoring what its
     * record says; unknown ids and other owners' systems are {@link NotFound}.
     */
    private TrackedContainer adopt(String id, Optional<ContainerRecord> record)
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
        TrackedContainer adopted;
        try {
            adopted = RecoveredContainer.of(id, system, record, client, factory);
        }
        catch (RuntimeException e) {
            client.close(system);
            throw e;
        }
        TrackedContainer raced = containers.putIfAbsent(id, adopted);
        if (raced != null) {
            RecoveredContainer.close(adopted, client);
            return raced;
        }
        return adopted;
    }
}
