package dev.berth.lifecycle.update;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.Internal;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.core.spec.SpecDefaults;
import dev.berth.core.spec.UpdatePolicy;
import dev.berth.lifecycle.ServiceDocument;
import dev.berth.lifecycle.deploy.ReplicaStarts;
import dev.berth.lifecycle.event.LifecycleEvents;
import dev.berth.lifecycle.replica.ContainerIds;
import dev.berth.lifecycle.replica.ImageCache;
import dev.berth.lifecycle.replica.ServiceSpecs;
import dev.berth.lifecycle.replica.Supervisor;
import dev.berth.state.ContainerRecord;
import dev.berth.state.Rollout;
import dev.berth.state.ServiceRecord;
import dev.berth.state.ServiceRevision;
import dev.berth.state.StateStore;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Replaces a service's replicas with a changed spec's, batch by batch ({@link UpdatePolicy#batch}): a batch's old
 * replicas stop (with their spec's {@code stopGrace}) and are removed, its new ones boot, and the next batch waits until they are healthy ({@link ReplicaGate}). A new replica
 * that fails rolls the service back to the previous revision the same way, or pauses the update, as its spec says.
 *
 * <p>Crash safety: the new revision, the service record and the rollout are written in one step before any replica
 * stops, and each new replica's revision is committed with its pending record, so an agent killed at any instant leaves
 * a rollout that says which replicas to replace; {@link RolloutRecovery} rolls it back to the previous revision.
 */
public final class RollingUpdates
{
    private static final Logger log = LogManager.getLogger(RollingUpdates.class);

    private final StateStore store;
    private final ServiceSpecs specs;
    private final ImageCache images;
    private final LifecycleEvents events;
    private final ReplicaStarts starts;
    private final Supervisor supervisor;
    private final Consumer<String> remover;
    private final ReplicaGate gate;

    /** What an update did: replicas created and removed, and the error that rolled it back or paused it. */
    public record Result(int created, int removed, Optional<AgentError> error)
    {
        public Result
        {
            requireNonNull(error, "error is null");
        }
    }

    /** @param remover removes one container (record and runtime), as {@code berth rm -f} would */
    public RollingUpdates(StateStore store, ServiceSpecs specs, ImageCache images, LifecycleEvents events, ReplicaStarts starts,
            Supervisor supervisor, Consumer<String> remover, ReplicaGate gate)
    {
        this.supervisor = requireNonNull(supervisor, "supervisor is null");
        this.store = requireNonNull(store, "store is null");
        this.specs = requireNonNull(specs, "specs is null");
        this.images = requireNonNull(images, "images is null");
        this.events = requireNonNull(events, "events is null");
        this.starts = requireNonNull(starts, "starts is null");
        this.remover = requireNonNull(remover, "remover is null");
        this.gate = requireNonNull(gate, "gate is null");
    }

    /** Updates the service on record as {@code previous} to {@code document}'s spec, as a new revision. */
    public Result update(ServiceDocument document, ServiceRecord previous)
    {
        ServiceSpec spec = document.spec();
        String name = spec.name();
        String text = ServiceSpecs.document(document);
        Optional<Rollout> last = store.rollout(name);
        long from = last.map(Rollout::current).orElse(1L);
        long to = last.map(Rollout::to).orElse(1L) + 1;
        Rollout rollout = new Rollout(name, from, to, Rollout.State.ROLLING, 0, spec.replicas(), "", Map.of(), Instant.now());
        Instant now = Instant.now();
        events.commit(() -> {
            if (store.revision(name, from).isEmpty()) {
                store.putRevision(new ServiceRevision(name, from, previous.document(), now));
            }
            store.putRevision(new ServiceRevision(name, to, text, now));
            store.putService(new ServiceRecord(name, text, spec.replicas(), false, now));
            store.putRollout(rollout);
        }, LifecycleEvents.event("service.update", name, "from", String.valueOf(from), "to", String.valueOf(to),
                "replicas", String.valueOf(spec.replicas())));
        specs.put(spec);
        images.forget(name);
        log.info("service {} changed: rolling update from revision {} to {}, {} at a time", name, from, to, spec.update().batch(spec.replicas()));
        return roll(spec);
    }

    /** Whether deploying the spec the service is on again should go on with its paused update. */
    public boolean paused(String service)
    {
        return store.rollout(service).map(rollout -> rollout.state() == Rollout.State.PAUSED).orElse(false);
    }

    /** Goes on with a paused update of the service to {@code document}'s spec (its current revision). */
    public Result resume(ServiceDocument document)
    {
        ServiceSpec spec = document.spec();
        Rollout rollout = store.rollout(spec.name()).orElseThrow();
        events.commit(() -> {
            store.putService(new ServiceRecord(spec.name(), ServiceSpecs.document(document), spec.replicas(), false, Instant.now()));
            store.putRollout(rollout.with(Rollout.State.ROLLING, rollout.replaced(), ""));
        }, LifecycleEvents.event("service.update", spec.name(), "from", String.valueOf(rollout.from()), "to", String.valueOf(rollout.to()),
                "replicas", String.valueOf(spec.replicas()), "resumed", "true"));
        specs.put(spec);
        return roll(spec);
    }

    private Result roll(ServiceSpec spec)
    {
        String name = spec.name();
        Rollout started = store.rollout(name).orElseThrow();
        long to = started.to();
        Duration grace = graceOf(name, started.from());
        int removed = removeAbove(name, spec.replicas());
        int created = 0;
        int batch = spec.update().batch(spec.replicas());
        for (int first = 1; first <= spec.replicas(); first += batch) {
            List<String> booted = new ArrayList<>();
            Optional<AgentError> failure = Optional.empty();
            for (int replica = first; replica < first + batch && replica <= spec.replicas() && failure.isEmpty(); replica++) {
                String id = ContainerIds.of(name, replica);
                Optional<ContainerRecord> current = store.container(id);
                if (current.isPresent() && current.get().state() == ContainerState.RUNNING && revisionOf(name, replica) == to) {
                    booted.add(id);
                    continue;
                }
                if (current.isPresent()) {
                    retire(current.get(), grace);
                    removed++;
                }
                created++;
                failure = bootAt(spec, replica, to);
                booted.add(id);
            }
            for (int i = 0; i < booted.size() && failure.isEmpty(); i++) {
                failure = gate.await(booted.get(i), spec);
            }
            if (failure.isPresent()) {
                return failed(spec, failure.get(), created, removed);
            }
            int replaced = Math.min(first + batch - 1, spec.replicas());
            Rollout progress = store.rollout(name).orElseThrow().with(Rollout.State.ROLLING, replaced, "");
            events.commit(() -> store.putRollout(progress), LifecycleEvents.event("service.update-progress", name, "revision", String.valueOf(to),
                    "replaced", String.valueOf(replaced), "total", String.valueOf(spec.replicas())));
        }
        Rollout done = store.rollout(name).orElseThrow();
        events.commit(() -> store.putRollout(done.with(Rollout.State.DONE, done.total(), "")),
                LifecycleEvents.event("service.update-done", name, "revision", String.valueOf(to)));
        return new Result(created, removed, Optional.empty());
    }

    private Result failed(ServiceSpec spec, AgentError error, int created, int removed)
    {
        String name = spec.name();
        if (Thread.currentThread().isInterrupted()) {
            // the agent is stopping: the update stays unsettled on record, and the next agent rolls it back
            log.warn("rolling update of {} interrupted: the agent is stopping; its next start settles it", name);
            return new Result(created, removed, Optional.of(error));
        }
        Rollout rollout = store.rollout(name).orElseThrow();
        String reason = "revision " + rollout.to() + " failed: " + error.getMessage();
        log.warn("rolling update of {}: {}; {}", name, reason, spec.update().onFailure() == UpdatePolicy.OnFailure.PAUSE ? "paused" : "rolling back");
        if (spec.update().onFailure() == UpdatePolicy.OnFailure.PAUSE) {
            events.commit(() -> store.putRollout(rollout.with(Rollout.State.PAUSED, rollout.replaced(), reason)),
                    LifecycleEvents.event("service.update-paused", name, "revision", String.valueOf(rollout.to()),
                            "replaced", String.valueOf(rollout.replaced()), "total", String.valueOf(rollout.total()), "reason", reason));
            return new Result(created, removed, Optional.of(error));
        }
        revert(name, reason);
        Counts restored = restore(name);
        return new Result(created + restored.created(), removed + restored.removed(), Optional.of(error));
    }

    /**
     * Puts the service's previous revision back on record, in one step with the rollout's state ROLLING_BACK: from then
     * on a replica that restarts boots the previous spec. Replicas are left to {@link #restore}.
     *
     * @throws Internal when the previous revision is no longer in the store
     */
    public void revert(String name, String reason)
    {
        Rollout rollout = store.rollout(name).orElseThrow();
        ServiceRevision previous = store.revision(name, rollout.from())
                .orElseThrow(() -> new Internal("revision " + rollout.from() + " of service '" + name + "' is not in the store: it cannot be rolled back"));
        ServiceRecord record = new ServiceRecord(name, previous.document(), 0, false, Instant.now());
        ServiceSpec spec = ServiceSpecs.parse(record).spec();
        events.commit(() -> {
            store.putService(new ServiceRecord(name, previous.document(), spec.replicas(), false, Instant.now()));
            store.putRollout(rollout.with(Rollout.State.ROLLING_BACK, rollout.replaced(), reason));
        }, LifecycleEvents.event("service.rollback", name, "from", String.valueOf(rollout.to()), "to", String.valueOf(rollout.from()),
                "reason", reason));
        specs.put(spec);
        images.forget(name);
    }

    /**
     * Brings every replica of a service that is rolling back to its previous revision, the broken ones first, then the
     * others batch by batch behind the gate, and marks the rollout ROLLED_BACK.
     */
    public Counts restore(String name)
    {
        ServiceSpec spec = specs.get(name);
        Rollout rollout = store.rollout(name).orElseThrow();
        int removed = removeAbove(name, spec.replicas());
        List<Integer> broken = new ArrayList<>();
        List<Integer> serving = new ArrayList<>();
        for (int replica = 1; replica <= spec.replicas(); replica++) {
            Optional<ContainerRecord> current = store.container(ContainerIds.of(name, replica));
            if (current.isEmpty() || current.get().state() != ContainerState.RUNNING) {
                broken.add(replica);
            }
            else if (revisionOf(name, replica) != rollout.from()) {
                serving.add(replica);
            }
        }
        int created = 0;
        Duration grace = graceOf(name, rollout.to());
        List<Integer> order = new ArrayList<>(broken);
        order.addAll(serving);
        int batch = spec.update().batch(spec.replicas());
        for (int first = 0; first < order.size(); first += batch) {
            List<Integer> part = order.subList(first, Math.min(first + batch, order.size()));
            for (int replica : part) {
                String id = ContainerIds.of(name, replica);
                Optional<ContainerRecord> current = store.container(id);
                if (current.isPresent()) {
                    retire(current.get(), grace);
                    removed++;
                }
                created++;
                bootAt(spec, replica, rollout.from()).ifPresent(error -> log.error("rolling {} back: {} did not boot: {}", name, id, error.getMessage()));
            }
            for (int replica : part) {
                String id = ContainerIds.of(name, replica);
                gate.await(id, spec).ifPresent(error -> log.error("rolling {} back: {} is not healthy: {}", name, id, error.getMessage()));
            }
            if (Thread.currentThread().isInterrupted()) {
                log.warn("rolling {} back interrupted: the agent is stopping; its next start goes on", name);
                return new Counts(created, removed);
            }
        }
        Rollout back = store.rollout(name).orElseThrow();
        events.commit(() -> store.putRollout(back.with(Rollout.State.ROLLED_BACK, back.replaced(), back.reason())),
                LifecycleEvents.event("service.rollback-done", name, "revision", String.valueOf(back.from()), "reason", back.reason()));
        return new Counts(created, removed);
    }

    /** Replicas created and removed by a rollback. */
    public record Counts(int created, int removed) {}

    private Optional<AgentError> bootAt(ServiceSpec spec, int replica, long revision)
    {
        return starts.boot(starts.pending(spec, replica), spec, () -> store.rollout(spec.name())
                .ifPresent(rollout -> store.putRollout(rollout.withReplica(replica, revision))));
    }

    /** Stops a running replica with its spec's grace (SIGTERM first, so it can finish what it serves), then removes it. */
    private void retire(ContainerRecord replica, Duration grace)
    {
        if (replica.state() == ContainerState.RUNNING) {
            try {
                supervisor.stop(replica.id(), grace);
            }
            catch (AgentError e) {
                log.warn("stopping {} for the update failed: {}; removing it anyway", replica.id(), e.getMessage());
            }
        }
        remover.accept(replica.id());
    }

    private Duration graceOf(String service, long revision)
    {
        try {
            return store.revision(service, revision).map(stored -> ServiceSpecs.parse(new ServiceRecord(service, stored.document(), 0, false, stored.created()))
                    .spec().stopGrace()).orElse(SpecDefaults.STOP_GRACE);
        }
        catch (AgentError e) {
            return SpecDefaults.STOP_GRACE;
        }
    }

    private long revisionOf(String service, int replica)
    {
        return store.rollout(service).map(rollout -> rollout.replicas().getOrDefault(replica, rollout.from())).orElse(1L);
    }

    private int removeAbove(String service, int replicas)
    {
        int removed = 0;
        for (ContainerRecord extra : store.containersOf(service)) {
            if (extra.replica() > replicas) {
                remover.accept(extra.id());
                removed++;
            }
        }
        return removed;
    }
}
