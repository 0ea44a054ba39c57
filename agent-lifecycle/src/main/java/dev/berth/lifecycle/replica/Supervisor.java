package dev.berth.lifecycle.replica;

import static java.util.Objects.requireNonNull;

import dev.berth.core.composite.CompositeRuntime;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.Internal;
import dev.berth.core.error.NotFound;
import dev.berth.core.error.Redaction;
import dev.berth.core.error.StorageFull;
import dev.berth.core.error.HealthCheckFailed;
import dev.berth.core.error.Timeout;
import dev.berth.core.event.AgentEvent;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.core.runtime.ExitStatus;
import dev.berth.core.spec.HealthCheck;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.lifecycle.HealthState;
import dev.berth.lifecycle.diagnose.EvidenceCollector;
import dev.berth.lifecycle.diagnose.TimeoutEvidence;
import dev.berth.lifecycle.event.LifecycleEvents;
import dev.berth.lifecycle.health.HealthProbe;
import dev.berth.lifecycle.health.HealthTracker;
import dev.berth.lifecycle.probe.ProbeResult;
import dev.berth.lifecycle.restart.RestartDecider;
import dev.berth.lifecycle.restart.RestartDecision;
import dev.berth.state.ContainerRecord;
import dev.berth.state.StartPhase;
import dev.berth.state.StateStore;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps replicas running: boots them, watches for exits (one runtime {@code list} per backend per monitor tick),
 * runs health checks, and applies the restart and init policies. Each replica's transitions happen under its own
 * lock, so a stop, a restart and an exit never interleave. The supervisor spawns no processes and reaps none: exit
 * codes come from the runtime.
 */
public final class Supervisor
{
    private static final Logger log = LogManager.getLogger(Supervisor.class);

    private final CompositeRuntime runtime;
    private final StateStore store;
    private final ServiceSpecs specs;
    private final ReplicaBooter booter;
    private final HealthProbe health;
    private final EvidenceCollector evidence;
    private final LifecycleEvents events;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final ReplicaLocks locks;
    private final BlindWarnings blindWarnings = new BlindWarnings();

    public Supervisor(CompositeRuntime runtime, StateStore store, ServiceSpecs specs, ReplicaBooter booter, HealthProbe health,
            EvidenceCollector evidence, LifecycleEvents events, ScheduledExecutorService scheduler, ExecutorService workers)
    {
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.store = requireNonNull(store, "store is null");
        this.specs = requireNonNull(specs, "specs is null");
        this.booter = requireNonNull(booter, "booter is null");
        this.health = requireNonNull(health, "health is null");
        this.evidence = requireNonNull(evidence, "evidence is null");
        this.events = requireNonNull(events, "events is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.workers = requireNonNull(workers, "workers is null");
        this.locks = new ReplicaLocks(runtime);
    }

    public ScheduledFuture<?> startMonitor(Duration interval)
    {
        return scheduler.scheduleWithFixedDelay(this::monitorTick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Boots a new replica now, in the caller's thread, and starts watching it. @throws AgentError only a placement signal */
    public BootOutcome launch(ContainerRecord pending, ServiceSpec spec)
    {
        return launch(pending, spec, () -> {});
    }

    /** As {@link #launch(ContainerRecord, ServiceSpec)}, committing {@code withPending}'s writes with the pending record. */
    public BootOutcome launch(ContainerRecord pending, ServiceSpec spec, Runnable withPending)
    {
        ReplicaHandle handle = locks.lockLive(pending.id());
        try {
            store.inTransaction(() -> {
                withPending.run();
                store.putContainer(pending);
            });
            BootOutcome outcome = booter.boot(pending, spec);
            settle(outcome, spec);
            return outcome;
        }
        finally {
            handle.unlock();
        }
    }

    /** Records a replica that could not even be booted (its dependency timed out) as FAILED with {@code error}. */
    public void failWithoutBoot(ContainerRecord pending, AgentError error)
    {
        ReplicaHandle handle = locks.lockLive(pending.id());
        try {
            booter.fail(pending, error);
        }
        finally {
            handle.unlock();
        }
    }

    /** The first pass after a start is one of its phases: from running to healthy. */
    private void healthy(ContainerRecord record, HealthState before)
    {
        String id = record.id();
        ContainerRecord.Builder healthy = record.toBuilder().health(HealthState.HEALTHY.name());
        List<String> attributes = new ArrayList<>(List.of("health", "healthy"));
        if (before == HealthState.STARTING && record.started().isPresent() && record.startPhases().of(StartPhase.FIRST_HEALTH).isEmpty()) {
            Duration took = Duration.between(record.started().get(), Instant.now());
            took = took.isNegative() ? Duration.ZERO : took;
            healthy.startPhases(record.startPhases().with(StartPhase.FIRST_HEALTH, took));
            attributes.addAll(List.of(StartEvents.BACKEND, record.backend(), StartPhase.FIRST_HEALTH.wireName() + StartEvents.SUFFIX,
                    StartEvents.millis(took)));
        }
        ContainerRecord written = healthy.build();
        events.commit(() -> store.putContainer(written), LifecycleEvents.event("container.health", id, attributes.toArray(String[]::new)));
    }

    /** Takes over a replica found running at recovery: watched and health-checked, not restarted. */
    public void adopt(ContainerRecord record, ServiceSpec spec, ContainerStatus status)
    {
        ContainerRecord adopted = record.toBuilder().state(ContainerState.RUNNING).pid(status.pid())
                .backend(status.backend().isEmpty() ? record.backend() : status.backend()).build();
        AgentEvent adopt = LifecycleEvents.event("container.adopt", record.id(), "pid",
                status.pid().isPresent() ? String.valueOf(status.pid().getAsLong()) : "");
        if (!adopted.equals(record)) {
            events.commit(() -> store.putContainer(adopted), adopt);
        }
        else {
            events.publish(adopt);
        }
        watch(adopted, spec);
    }

    /** Applies the restart policy to a replica that exited (at recovery, or when the monitor saw it). */
    public RestartDecision exited(ContainerRecord record, ServiceSpec spec, ExitStatus exit)
    {
        ReplicaHandle handle = locks.lockLive(record.id());
        try {
            return handleExit(record, spec, exit);
        }
        finally {
            handle.unlock();
        }
    }

    /** Schedules a restart that was pending when the previous agent stopped. */
    public void resumeRestart(ContainerRecord record)
    {
        Duration delay = record.nextRestartAt().map(at -> Duration.between(Instant.now(), at)).orElse(Duration.ZERO);
        scheduleRestart(record.id(), delay.isNegative() ? Duration.ZERO : delay);
    }

    /** Stops a replica for the user: no restart follows. @return the record after the stop */
    public ContainerRecord stop(String id, Duration grace)
    {
        ReplicaHandle handle = locks.lockOverridingStop(id, grace);
        try {
            handle.cancelAll();
            ContainerRecord record = store.container(id).orElseThrow();
            ContainerStatus status = RuntimeQueries.stateOrUnknown(runtime, id);
            ContainerRecord.Builder stopped = record.toBuilder().stoppedByUser(true).nextRestartAt(Optional.empty()).pid(OptionalLong.empty());
            // UNKNOWN: the runtime could not say (a failing state call). Stopping is still what the user asked for, and
            // skipping it would record a running container as exited.
            boolean signalled = status.state() == ContainerState.RUNNING || status.state() == ContainerState.UNKNOWN;
            if (signalled) {
                stopHolding(handle, id, grace);
                ExitStatus exit = RuntimeQueries.exitOf(runtime, id, Optional.empty());
                stopped.exitCode(RuntimeQueries.code(exit)).oomKilled(exit.oomKilled())
                        .finished(Optional.of(exit.finishedAt().orElse(Instant.now())));
            }
            if (record.state() != ContainerState.FAILED) {
                stopped.state(ContainerState.EXITED);
            }
            ContainerRecord result = stopped.build();
            try {
                events.commit(() -> store.putContainer(result), LifecycleEvents.event("container.stop", id));
            }
            catch (AgentError e) {
                if (!signalled) {
                    throw e;
                }
                // the process is gone whatever the store says: the answer says so, and its exit starts no restart
                handle.markUserStopUnsaved();
                throw stoppedButUnsaved(id, result, e);
            }
            return result;
        }
        finally {
            handle.unlock();
        }
    }

    private static AgentError stoppedButUnsaved(String id, ContainerRecord stopped, AgentError e)
    {
        String what = "container '" + id + "' was stopped" + (stopped.exitCode().isPresent() ? " (exit code " + stopped.exitCode().getAsInt() + ")" : "")
                + ", but its record was not saved, so it may still be listed as running until the store can be written: ";
        if (e instanceof StorageFull full) {
            return new StorageFull(full.path(), what + full.reason(), e);
        }
        return new Internal(what + e.getMessage(), e);
    }

    /**
     * Removes a replica for good: under its lock, stops watching it and runs {@code removal} (deleting the runtime's
     * container and the record); then the handle is retired, so any task that was waiting on it does nothing.
     */
    public void retire(String id, Runnable removal)
    {
        // a removal kills what it removes: it does not wait out the grace of a stop in progress
        ReplicaHandle handle = locks.lockOverridingStop(id, Duration.ZERO);
        try {
            handle.cancelAll();
            removal.run();
        }
        finally {
            handle.retire();
            locks.forget(id, handle);
            handle.unlock();
        }
    }

    void monitorTick()
    {
        for (ContainerRecord record : store.containers()) {
            if (record.state() != ContainerState.RUNNING) {
                continue;
            }
            ReplicaHandle handle = locks.existing(record.id());
            if (handle != null && handle.busy()) {
                continue;
            }
            Liveness liveness = Liveness.of(runtime, record.id());
            if (liveness instanceof Liveness.Alive) {
                continue;
            }
            Optional<ContainerStatus> seen = liveness instanceof Liveness.Exited exited
                    ? Optional.of(new ContainerStatus(record.id(), record.backend(), ContainerState.EXITED, OptionalLong.empty(),
                            Optional.of(exited.exit()), record.started()))
                    : Optional.empty();
            execute(() -> exitDetected(record.id(), seen));
        }
    }

    /** What recovery and the monitor ask first: see {@link Liveness}. */
    public Liveness liveness(String id)
    {
        return Liveness.of(runtime, id);
    }

    private void exitDetected(String id, Optional<ContainerStatus> seen)
    {
        ReplicaHandle handle = locks.tryLockLive(id);
        if (handle == null) {
            return;
        }
        try {
            Optional<ContainerRecord> record = store.container(id);
            if (record.isEmpty() || record.get().state() != ContainerState.RUNNING) {
                return;
            }
            ContainerStatus now;
            try {
                now = runtime.state(id);
            }
            catch (NotFound gone) {
                now = new ContainerStatus(id, record.get().backend(), ContainerState.UNKNOWN, OptionalLong.empty(), Optional.empty(), Optional.empty());
            }
            catch (AgentError cannotTell) {
                // neither the monitor nor the runtime saw an exit: recording one would settle a running process as
                // exited (and start its restart beside it); ask again at the next tick
                blindWarnings.warnOnce(id, cannotTell);
                return;
            }
            blindWarnings.forget(id);
            if (now.state() == ContainerState.RUNNING) {
                return;
            }
            ExitStatus exit = RuntimeQueries.exitOf(runtime, id, seen);
            handleExit(record.get(), specs.get(record.get().service()), exit);
        }
        catch (RuntimeException e) {
            log.error("handling the exit of {} failed: {}", id, e.getMessage(), e);
        }
        finally {
            handle.unlock();
        }
    }

    private void settle(BootOutcome outcome, ServiceSpec spec)
    {
        if (outcome instanceof BootOutcome.Running running) {
            watch(running.record(), spec);
        }
        else if (outcome instanceof BootOutcome.Exited exited) {
            handleExit(exited.record(), spec, exited.exit(), exited.unwritten());
        }
        else if (outcome instanceof BootOutcome.InitFailed initFailed) {
            ContainerRecord record = initFailed.record();
            RestartDecision decision = RestartDecider.afterInitFailure(spec.initPolicy(), spec.restart(), initFailed.error(),
                    record.restartCount(), record.restartTimes(), Instant.now());
            // either way the process stops; the container, its log and bundle stay
            stopQuietly(record.id(), spec.stopGrace());
            if (decision instanceof RestartDecision.Settle) {
                booter.fail(record, initFailed.error());
            }
            else {
                booter.writeBootError(record.id(), initFailed.error());
                apply(record.toBuilder().failure(Optional.of(initFailed.error())).build(), decision, List.of());
            }
        }
        else if (outcome instanceof BootOutcome.Failed failed) {
            log.debug("{} stays FAILED: {}", failed.record().id(), failed.error().getMessage());
        }
    }

    private RestartDecision handleExit(ContainerRecord record, ServiceSpec spec, ExitStatus exit)
    {
        return handleExit(record, spec, exit, List.of());
    }

    /** @param unwritten events of the boot not committed yet, committed with the exit (see {@link BootOutcome.Exited}) */
    private RestartDecision handleExit(ContainerRecord record, ServiceSpec spec, ExitStatus exit, List<AgentEvent> unwritten)
    {
        locks.handle(record.id()).cancelAll();
        boolean unknown = RuntimeQueries.unknown(exit);
        ContainerRecord exited = record.toBuilder().pid(OptionalLong.empty())
                .exitCode(RuntimeQueries.code(exit)).oomKilled(exit.oomKilled())
                .finished(Optional.of(exit.finishedAt().orElse(Instant.now()))).build();
        List<AgentEvent> leading = new ArrayList<>(unwritten);
        leading.add(LifecycleEvents.event("container.exit", record.id(), "code", unknown ? "unknown" : String.valueOf(exit.code()),
                "oomKilled", String.valueOf(exit.oomKilled())));
        RestartDecision decision = RestartDecider.afterExit(record.id(), spec.restart(), exit.code(), record.restartCount(),
                record.restartTimes(), record.stoppedByUser() || locks.handle(record.id()).userStopUnsaved(), Instant.now());
        if (unknown && decision instanceof RestartDecision.Settle settle && settle.failure().isPresent()) {
            // say why there is no code rather than make one up
            decision = new RestartDecision.Settle(settle.state(), Optional.of(new Internal("container '" + record.id()
                    + "' exited while its monitor (conmon) was gone, so nobody collected its exit status: the exit code is unknown")));
        }
        apply(exited, decision, leading);
        return decision;
    }

    /** Commits the decision's record with {@code leading} (what led to it) and its own event as one step. */
    private void apply(ContainerRecord record, RestartDecision decision, List<AgentEvent> leading)
    {
        List<AgentEvent> step = new ArrayList<>(leading);
        if (decision instanceof RestartDecision.Settle settle) {
            ContainerRecord settled = record.toBuilder().state(settle.state()).failure(settle.failure().or(record::failure))
                    .nextRestartAt(Optional.empty()).build();
            settle.failure().ifPresent(error -> step.add(LifecycleEvents.event("container.fail", record.id(), "code", error.code().name())));
            events.commit(() -> store.putContainer(settled), step.toArray(AgentEvent[]::new));
        }
        else if (decision instanceof RestartDecision.Restart restart) {
            ContainerRecord waiting = record.toBuilder().state(restart.waitingState())
                    .nextRestartAt(Optional.of(Instant.now().plus(restart.delay()))).build();
            step.add(LifecycleEvents.event(restart.crashLoop() ? "container.crash-loop" : "container.restart-scheduled", record.id(),
                    "delay", restart.delay().toMillis() + "ms", "restarts", String.valueOf(record.restartCount())));
            events.commit(() -> store.putContainer(waiting), step.toArray(AgentEvent[]::new));
            scheduleRestart(record.id(), restart.delay());
        }
    }

    private void scheduleRestart(String id, Duration delay)
    {
        ReplicaHandle handle = locks.handle(id);
        try {
            handle.restart(scheduler.schedule(() -> execute(() -> restart(id)), delay.toMillis(), TimeUnit.MILLISECONDS));
        }
        catch (RejectedExecutionException e) {
            // shutting down: the record says RESTARTING with its time, and the next agent's recovery resumes it
            log.debug("restart of {} left to the next agent: shutting down", id);
        }
    }

    private void execute(Runnable task)
    {
        try {
            workers.execute(task);
        }
        catch (RejectedExecutionException e) {
            log.debug("lifecycle task dropped: shutting down");
        }
    }

    private void restart(String id)
    {
        ReplicaHandle handle = locks.lockLive(id);
        try {
            Optional<ContainerRecord> found = store.container(id);
            if (found.isEmpty() || (found.get().state() != ContainerState.RESTARTING && found.get().state() != ContainerState.CRASH_LOOP_BACKOFF)) {
                return;
            }
            ContainerRecord record = found.get();
            ServiceSpec spec = specs.get(record.service());
            try {
                runtime.remove(id, true);
            }
            catch (AgentError e) {
                log.debug("removing {} before its restart: {}", id, e.getMessage());
            }
            Instant now = Instant.now();
            ContainerRecord pending = record.toBuilder().state(ContainerState.PENDING).restartCount(record.restartCount() + 1)
                    .restartTimes(RestartDecider.withRestart(spec.restart(), record.restartTimes(), now)).nextRestartAt(Optional.empty())
                    .pid(OptionalLong.empty()).build();
            events.commit(() -> store.putContainer(pending), LifecycleEvents.event("container.restart", id, "restarts",
                    String.valueOf(pending.restartCount())));
            try {
                settle(booter.boot(pending, spec), spec);
            }
            catch (AgentError signal) {
                if (!signal.isPlacementSignal()) {
                    throw signal;
                }
                // a placement signal on restart: the scheduler must re-place it; it is not this replica's failure
                events.commit(() -> store.putContainer(pending.toBuilder().failure(Optional.of(signal)).build()),
                        LifecycleEvents.event("container.placement", id, "code", signal.code().name()));
            }
        }
        catch (RuntimeException e) {
            log.error("restarting {} failed: {}", id, e.getMessage(), e);
        }
        finally {
            handle.unlock();
        }
    }

    private void watch(ContainerRecord record, ServiceSpec spec)
    {
        if (spec.health().isEmpty()) {
            return;
        }
        HealthCheck check = spec.health().get();
        ReplicaHandle handle = locks.handle(record.id());
        HealthTracker tracker = new HealthTracker(check.retries());
        long generation = handle.nextGeneration();
        try {
            // the probe runs on a worker: the timer pool is two threads for every container; a tick whose previous
            // probe is still running is skipped rather than queued
            AtomicBoolean probing = new AtomicBoolean();
            Runnable probe = () -> {
                try {
                    healthTick(record.id(), spec, check, tracker, generation);
                }
                finally {
                    probing.set(false);
                }
            };
            handle.health(scheduler.scheduleWithFixedDelay(() -> {
                        if (probing.compareAndSet(false, true)) {
                            execute(probe);
                        }
                    },
                    check.startGrace().toMillis(), Math.max(1, check.interval().toMillis()), TimeUnit.MILLISECONDS));
        }
        catch (RejectedExecutionException e) {
            log.debug("health checks of {} left to the next agent: shutting down", record.id());
        }
    }

    private void healthTick(String id, ServiceSpec spec, HealthCheck check, HealthTracker tracker, long generation)
    {
        ReplicaHandle handle = locks.handle(id);
        if (handle.generation() != generation) {
            return;
        }
        ProbeResult result = health.check(id, spec, check);
        ReplicaHandle locked = locks.tryLockLive(id);
        if (locked == null) {
            return;
        }
        if (locked != handle) {
            locked.unlock();
            return;
        }
        try {
            Optional<ContainerRecord> found = store.container(id);
            if (handle.generation() != generation || found.isEmpty() || found.get().state() != ContainerState.RUNNING) {
                return;
            }
            ContainerRecord record = found.get();
            HealthState before = HealthState.valueOf(record.health());
            HealthState after = tracker.record(result.passed(), before);
            if (after == before) {
                return;
            }
            if (after == HealthState.HEALTHY) {
                healthy(record, before);
                return;
            }
            TimeoutEvidence healthEvidence = evidence.collect(id, HealthProbe.suspect(check, result));
            // the probe's output and the evidence's log lines are the container's own text, which may print its secrets
            Redaction secrets = spec.secrets();
            AgentError error = secrets.redact(new HealthCheckFailed(id, tracker.consecutiveFailures() + " consecutive failures; last: "
                    + result.detail() + "; " + healthEvidence.summary(), new Timeout(check.timeout(), healthEvidence)));
            ContainerRecord unhealthy = record.toBuilder().health(after.name()).failure(Optional.of(error)).build();
            events.commit(() -> store.putContainer(unhealthy),
                    LifecycleEvents.event("container.health", id, "health", "unhealthy", "reason", secrets.redact(result.detail())));
            Optional<RestartDecision> decision = RestartDecider.afterUnhealthy(spec.restart(), record.restartCount(), record.restartTimes(),
                    Instant.now());
            if (decision.isPresent()) {
                handle.cancelAll();
                stopQuietly(id, spec.stopGrace());
                ExitStatus exit = RuntimeQueries.exitOf(runtime, id, Optional.empty());
                apply(unhealthy.toBuilder().pid(OptionalLong.empty()).exitCode(RuntimeQueries.code(exit)).oomKilled(exit.oomKilled())
                        .finished(Optional.of(Instant.now())).build(), decision.get(), List.of());
            }
        }
        catch (RuntimeException e) {
            log.error("health check of {} failed to run: {}", id, e.getMessage(), e);
        }
        finally {
            handle.unlock();
        }
    }

    /** Stops the replica whose handle the caller holds, saying until when, so a shorter stop can cut it short. */
    private void stopHolding(ReplicaHandle handle, String id, Duration grace)
    {
        handle.stopping(System.nanoTime() + grace.toNanos());
        try {
            runtime.stop(id, grace);
        }
        finally {
            handle.stopDone();
        }
    }

    private void stopQuietly(String id, Duration grace)
    {
        try {
            if (RuntimeQueries.stateOrUnknown(runtime, id).state() == ContainerState.RUNNING) {
                stopHolding(locks.handle(id), id, grace);
            }
        }
        catch (AgentError e) {
            log.warn("stopping {} failed: {}", id, e.getMessage());
        }
    }
}
