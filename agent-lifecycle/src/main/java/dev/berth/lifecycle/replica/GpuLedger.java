package dev.berth.lifecycle.replica;

import static java.util.Objects.requireNonNull;

import dev.berth.core.runtime.ContainerState;
import dev.berth.core.spec.GpuRequest;
import dev.berth.gpu.assign.AssignmentCheck;
import dev.berth.gpu.assign.GpuAssigner;
import dev.berth.gpu.assign.GpuAssignment;
import dev.berth.lifecycle.event.LifecycleEvents;
import dev.berth.state.ContainerRecord;
import dev.berth.state.StateStore;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who holds which GPU on this node, read from the containers' durable records, so a restarted agent knows what its
 * running containers hold. A new assignment is checked against the holders and written to the replica's record under
 * one lock, before its create. Recovery only re-checks an assignment against the host and reports what is gone: it
 * never admits a running container again, and never stops one for what it finds.
 */
public final class GpuLedger
{
    private static final Logger log = LogManager.getLogger(GpuLedger.class);
    /** States in which a container's process exists, or is about to, and holds its GPUs. */
    private static final Set<ContainerState> HOLDING = Set.of(ContainerState.PENDING, ContainerState.CREATED, ContainerState.RUNNING);

    private final GpuAssigner assigner;
    private final AssignmentCheck check;
    private final StateStore store;
    private final LifecycleEvents events;

    public GpuLedger(GpuAssigner assigner, StateStore store, LifecycleEvents events)
    {
        this.assigner = requireNonNull(assigner, "assigner is null");
        this.check = new AssignmentCheck(assigner.host(), assigner.config());
        this.store = requireNonNull(store, "store is null");
        this.events = requireNonNull(events, "events is null");
    }

    /**
     * The record with its assignment, written; the record as it is when it asks for no GPU.
     *
     * @throws dev.berth.core.error.GpuSharingUnavailable when a GPU it needs is held in a way it cannot share
     */
    public synchronized ContainerRecord assign(ContainerRecord record, Optional<GpuRequest> request)
    {
        if (request.isEmpty()) {
            return record.gpu().isEmpty() ? record : record.toBuilder().gpu(Optional.empty()).build();
        }
        Map<String, GpuAssignment> holders = new LinkedHashMap<>();
        for (ContainerRecord other : store.containers()) {
            if (other.gpu().isPresent() && HOLDING.contains(other.state())) {
                holders.put(other.id(), other.gpu().get());
            }
        }
        ContainerRecord assigned = record.toBuilder().gpu(Optional.of(assigner.assign(record.id(), request.get(), holders))).build();
        store.putContainer(assigned);
        return assigned;
    }

    /**
     * Checks a recovered running container's assignment against the host again; what is gone is written to its record
     * and announced ({@code container.gpu-missing}). The container keeps running.
     */
    public ContainerRecord revalidate(ContainerRecord record)
    {
        if (record.gpu().isEmpty()) {
            return record;
        }
        GpuAssignment assignment = record.gpu().get();
        List<String> missing;
        try {
            missing = check.missing(assignment);
        }
        catch (RuntimeException e) {
            // a probe that fails is reported like a missing piece: the container is never stopped for it
            missing = List.of("the GPU check failed: " + e.getMessage());
        }
        ContainerRecord checked = record.toBuilder().gpu(Optional.of(assignment.checked(missing, Instant.now()))).build();
        if (missing.isEmpty()) {
            store.putContainer(checked);
            return checked;
        }
        log.warn("container {} keeps running, but what it was given of the GPUs is gone: {}", record.id(), missing);
        events.commit(() -> store.putContainer(checked),
                LifecycleEvents.event("container.gpu-missing", record.id(), "missing", String.join("; ", missing)));
        return checked;
    }
}
