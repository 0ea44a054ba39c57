package dev.berth.lifecycle.recovery;

import static java.util.Objects.requireNonNull;

import dev.berth.core.composite.CompositeRuntime;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.Internal;
import dev.berth.core.error.NotFound;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.core.runtime.ExitStatus;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.lifecycle.RecoveryReport;
import dev.berth.lifecycle.event.LifecycleEvents;
import dev.berth.lifecycle.replica.GpuLedger;
import dev.berth.lifecycle.replica.Liveness;
import dev.berth.lifecycle.replica.ServiceSpecs;
import dev.berth.lifecycle.replica.Supervisor;
import dev.berth.lifecycle.restart.RestartDecision;
import dev.berth.state.ContainerRecord;
import dev.berth.state.StateStore;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Reconciles the store with what the runtimes report, at every agent start. One {@code list} per backend gives
 * every container's state (the backend reads its monitor's exit files), so recovery costs no process per
 * container. Running replicas are adopted as they are; exited ones get their exit code and their restart policy;
 * replicas mid-restart resume their timer; replicas that vanished are FAILED with the reason; containers the
 * runtime has but the store does not are orphans, removed only when configured. An adopted replica's GPU assignment is
 * checked against the host again and what is gone reported ({@link GpuLedger#revalidate}).
 */
public final class Recovery
{
    private static final Logger log = LogManager.getLogger(Recovery.class);

    private final CompositeRuntime runtime;
    private final StateStore store;
    private final ServiceSpecs specs;
    private final Supervisor supervisor;
    private final LifecycleEvents events;
    private final boolean removeOrphans;
    private final Executor lister;
    private final GpuLedger gpus;
    private volatile Duration lastAdoption = Duration.ZERO;

    public Recovery(CompositeRuntime runtime, StateStore store, ServiceSpecs specs, Supervisor supervisor, LifecycleEvents events,
            boolean removeOrphans, Executor lister, GpuLedger gpus)
    {
        this.gpus = requireNonNull(gpus, "gpus is null");
        this.lister = requireNonNull(lister, "lister is null");
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.store = requireNonNull(store, "store is null");
        this.specs = requireNonNull(specs, "specs is null");
        this.supervisor = requireNonNull(supervisor, "supervisor is null");
        this.events = requireNonNull(events, "events is null");
        this.removeOrphans = removeOrphans;
    }

    public RecoveryReport recover()
    {
        long started = System.nanoTime();
        // the full listing (for orphans) may cost a runtime call per container: run it beside the adoption
        CompletableFuture<Map<String, ContainerStatus>> listing = CompletableFuture.supplyAsync(this::listAll, lister);
        List<String> adopted = new ArrayList<>();
        List<String> restarted = new ArrayList<>();
        List<String> exited = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        Set<String> recorded = new HashSet<>();
        for (ContainerRecord record : store.containers()) {
            recorded.add(record.id());
            try {
                recoverOne(record, adopted, restarted, exited, failed);
            }
            catch (RuntimeException e) {
                log.error("recovery of {} failed: {}", record.id(), e.getMessage(), e);
                failed.add(record.id());
            }
        }
        long adoptedNanos = System.nanoTime() - started;
        lastAdoption = Duration.ofNanos(adoptedNanos);
        List<String> orphans = new ArrayList<>();
        for (ContainerStatus status : listing.join().values()) {
            if (!recorded.contains(status.id())) {
                orphans.add(status.id());
                handleOrphan(status);
            }
        }
        RecoveryReport report = new RecoveryReport(adopted, restarted, exited, failed, orphans, Duration.ofNanos(System.nanoTime() - started));
        log.info("recovery: {} adopted, {} restarted, {} exited, {} failed ({} ms); {} orphans{}; {} ms in all", adopted.size(),
                restarted.size(), exited.size(), failed.size(), adoptedNanos / 1_000_000, orphans.size(),
                removeOrphans ? " (removed)" : " (kept: lifecycle.remove-orphans is false)", report.duration().toMillis());
        return report;
    }

    /** How long the last run took to settle every recorded container, without the orphan listing beside it. */
    public Duration lastAdoption()
    {
        return lastAdoption;
    }

    private Map<String, ContainerStatus> listAll()
    {
        Map<String, ContainerStatus> known = new LinkedHashMap<>();
        for (Map.Entry<String, RuntimeBackend> backend : runtime.backends().entrySet()) {
            try {
                backend.getValue().list().forEach(status -> known.put(status.id(), status));
            }
            catch (RuntimeException e) {
                log.error("recovery: backend {} could not list its containers, so its orphans are unknown: {}", backend.getKey(), e.getMessage());
            }
        }
        return known;
    }

    private void recoverOne(ContainerRecord record, List<String> adopted, List<String> restarted, List<String> exited, List<String> failed)
    {
        String id = record.id();
        ContainerState stored = record.state();
        if (stored == ContainerState.FAILED || stored == ContainerState.EXITED) {
            return;
        }
        ServiceSpec spec = specs.get(record.service());
        if (stored == ContainerState.RESTARTING || stored == ContainerState.CRASH_LOOP_BACKOFF) {
            supervisor.resumeRestart(record);
            restarted.add(id);
            return;
        }
        if (stored != ContainerState.RUNNING) {
            // the previous agent stopped in the middle of this replica's boot: boot it again from the start
            ContainerRecord again = record.toBuilder().state(ContainerState.RESTARTING).nextRestartAt(Optional.of(Instant.now())).build();
            store.putContainer(again);
            supervisor.resumeRestart(again);
            restarted.add(id);
            return;
        }
        Liveness liveness = supervisor.liveness(id);
        if (liveness instanceof Liveness.Unknown unknown) {
            log.debug("recovery: {} gave no answer from its monitor ({}); asking the runtime's state", id, unknown.error().getMessage());
            liveness = fromState(id);
        }
        if (liveness instanceof Liveness.Alive) {
            supervisor.adopt(record, spec, new ContainerStatus(id, record.backend(), ContainerState.RUNNING, record.pid(), Optional.empty(),
                    record.started()));
            // what it was given is checked, never admitted again: a GPU gone is reported, the container keeps running
            store.container(id).ifPresent(gpus::revalidate);
            adopted.add(id);
            return;
        }
        if (liveness instanceof Liveness.Exited dead) {
            RestartDecision decision = supervisor.exited(record, spec, dead.exit());
            if (decision instanceof RestartDecision.Restart) {
                restarted.add(id);
            }
            else {
                exited.add(id);
                if (((RestartDecision.Settle) decision).state() == ContainerState.FAILED) {
                    failed.add(id);
                }
            }
            return;
        }
        AgentError vanished = new Internal("container '" + id + "' was running when the previous agent stopped, and the runtime no longer knows it");
        store.putContainer(record.toBuilder().state(ContainerState.FAILED).failure(Optional.of(vanished)).pid(OptionalLong.empty())
                .finished(Optional.of(Instant.now())).build());
        events.publish("container.fail", id, "code", vanished.code().name());
        failed.add(id);
    }

    private Liveness fromState(String id)
    {
        try {
            ContainerStatus status = runtime.state(id);
            return switch (status.state()) {
                case RUNNING -> new Liveness.Alive();
                case EXITED -> new Liveness.Exited(status.exit().orElseGet(() -> exitFromRuntime(id)));
                default -> new Liveness.Exited(status.exit().orElse(new ExitStatus(255, false, Optional.empty())));
            };
        }
        catch (NotFound e) {
            return new Liveness.Gone(e);
        }
        catch (AgentError e) {
            return new Liveness.Unknown(e);
        }
    }

    private ExitStatus exitFromRuntime(String id)
    {
        try {
            return runtime.state(id).exit().orElseGet(() -> runtime.wait(id, Duration.ofSeconds(1)));
        }
        catch (AgentError e) {
            log.warn("recovery: exit code of {} unknown: {}", id, e.getMessage());
            return new ExitStatus(255, false, Optional.empty());
        }
    }

    private void handleOrphan(ContainerStatus status)
    {
        events.publish("container.orphan", status.id(), "backend", status.backend(), "state", status.state().name(),
                "removed", String.valueOf(removeOrphans));
        if (!removeOrphans) {
            log.warn("recovery: orphan container {} on {} ({}) is not in the store; kept", status.id(), status.backend(), status.state());
            return;
        }
        RuntimeBackend backend = runtime.backends().get(status.backend());
        if (backend == null) {
            log.warn("recovery: orphan {} belongs to inactive backend {}; kept", status.id(), status.backend());
            return;
        }
        try {
            backend.remove(status.id(), true);
            log.info("recovery: orphan container {} on {} removed (lifecycle.remove-orphans)", status.id(), status.backend());
        }
        catch (AgentError e) {
            log.warn("recovery: removing orphan {} failed: {}", status.id(), e.getMessage());
        }
    }
}
