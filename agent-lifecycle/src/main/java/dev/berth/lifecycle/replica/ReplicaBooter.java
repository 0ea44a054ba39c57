package dev.berth.lifecycle.replica;

import static java.util.Objects.requireNonNull;

import dev.berth.core.composite.CompositeRuntime;
import dev.berth.core.composite.Placement;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.Internal;
import dev.berth.core.error.PlacementSignal;
import dev.berth.core.error.Redaction;
import dev.berth.core.error.StartFailed;
import dev.berth.core.error.Timeout;
import dev.berth.core.event.AgentEvent;
import dev.berth.core.runtime.ContainerRequest;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.core.runtime.ExitStatus;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.lifecycle.HealthState;
import dev.berth.lifecycle.diagnose.EvidenceCollector;
import dev.berth.lifecycle.diagnose.Suspect;
import dev.berth.lifecycle.diagnose.TimeoutEvidence;
import dev.berth.lifecycle.event.LifecycleEvents;
import dev.berth.lifecycle.init.InitRunner;
import dev.berth.state.ContainerRecord;
import dev.berth.state.StartPhase;
import dev.berth.state.StartPhases;
import dev.berth.state.StateStore;
import dev.berth.state.boot.BootErrorFile;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Boots one replica: pull, create, start, wait until running, init steps. Each result recovery would act on is
 * committed, with its events, as one transaction (one WAL fsync) before the next step that depends on it: CREATED,
 * then started and RUNNING of a replica without init steps as one commit, or the start with the exit when it is
 * already gone. A failure leaves the record FAILED with its error and writes {@code boot-error.json} into the
 * container's dir; nothing is deleted. A placement signal is thrown as is.
 */
public final class ReplicaBooter
{
    private static final Logger log = LogManager.getLogger(ReplicaBooter.class);

    private final CompositeRuntime runtime;
    private final StateStore store;
    private final ImageCache images;
    private final InitRunner init;
    private final EvidenceCollector evidence;
    private final LifecycleEvents events;
    private final ContainerDirs dirs;
    private final Duration poll;
    private final GpuLedger gpus;
    private final Clock clock;
    private final LongSupplier ticker;

    public ReplicaBooter(CompositeRuntime runtime, StateStore store, ImageCache images, InitRunner init, EvidenceCollector evidence,
            LifecycleEvents events, ContainerDirs dirs, Duration poll, GpuLedger gpus, Clock clock, LongSupplier ticker)
    {
        this.gpus = requireNonNull(gpus, "gpus is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.ticker = requireNonNull(ticker, "ticker is null");
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.store = requireNonNull(store, "store is null");
        this.images = requireNonNull(images, "images is null");
        this.init = requireNonNull(init, "init is null");
        this.evidence = requireNonNull(evidence, "evidence is null");
        this.events = requireNonNull(events, "events is null");
        this.dirs = requireNonNull(dirs, "dirs is null");
        this.poll = requireNonNull(poll, "poll is null");
    }

    /** @throws AgentError only a placement signal; every failure is an outcome */
    public BootOutcome boot(ContainerRecord pending, ServiceSpec spec)
    {
        String id = pending.id();
        // every error about the container passes here before it is logged, recorded or answered: a runtime may
        // quote the environment it was given
        Redaction secrets = spec.secrets();
        ContainerRecord record = pending;
        StartTimer timer = new StartTimer(ticker);
        if (pending.restartCount() == 0 && pending.started().isEmpty()) {
            // a new replica: its record was made when it was asked for; a restart boots as soon as it is decided
            timer.record(StartPhase.QUEUE, Duration.between(pending.created(), clock.instant()));
        }
        PulledImage image;
        try {
            image = timer.time(StartPhase.PULL, () -> images.pull(spec, timer::cached));
            record = record.toBuilder().imageDigest(Optional.of(image.digest())).startPhases(timer.phases()).build();
            if (runtime.place(spec, Optional.of(image.platform())) instanceof Placement.Here here) {
                // known before create, so a create failure still names the backend that holds its evidence
                record = record.toBuilder().backend(here.backend()).build();
            }
            // before the create: the record says what it holds before it can hold it, and a conflict refuses it here
            record = gpus.assign(record, spec.resources().gpu());
            ContainerRequest request = new ContainerRequest(id, spec, image, Map.of(
                    ContainerDirs.SERVICE_ANNOTATION, record.service(),
                    ContainerDirs.REPLICA_ANNOTATION, String.valueOf(record.replica()),
                    ContainerDirs.LOG_DIR_ANNOTATION, dirs.of(id).toString()));
            timer.time(StartPhase.CREATE, () -> runtime.create(request));
        }
        catch (AgentError e) {
            if (e instanceof PlacementSignal) {
                throw e;
            }
            return fail(record.toBuilder().startPhases(timer.phases()).build(), secrets.redact(e));
        }
        catch (RuntimeException e) {
            return fail(record.toBuilder().startPhases(timer.phases()).build(), secrets.redact(new Internal("creating " + id + ": " + e, e)));
        }
        // A workaround, not policy: CREATED could ride on the start's step (one WAL fsync less), but with it folded
        // there agent-node's CrashInjectionTest seed 16221910379633 failed a start ("cannot start a container that
        // has stopped", on a fresh create of a reused id). We suspect a race in runtime-youki on id reuse, which the
        // delay of this commit's fsync hides rather than fixes; fold it back once that race is fixed
        ContainerRecord created = record.toBuilder().backend(runtime.ownerName(id).orElse(record.backend())).state(ContainerState.CREATED)
                .exitCode(OptionalInt.empty()).oomKilled(false).pid(OptionalLong.empty()).finished(Optional.empty()).startPhases(timer.phases()).build();
        record = put(created, LifecycleEvents.event("container.create", id, "backend", created.backend(), "image", created.image()));

        try {
            timer.time(StartPhase.START, () -> runtime.start(id));
        }
        catch (AgentError e) {
            return fail(record.toBuilder().startPhases(timer.phases()).build(), secrets.redact(e));
        }
        catch (RuntimeException e) {
            return fail(record.toBuilder().startPhases(timer.phases()).build(), secrets.redact(new Internal("starting " + id + ": " + e, e)));
        }
        ContainerStatus status;
        try {
            status = timer.time(StartPhase.START, () -> awaitRunning(id, spec.startTimeout()));
        }
        catch (RuntimeException e) {
            // it was started but cannot be watched: kill it rather than leave a process nobody monitors; the FAILED
            // record keeps the reason, the log and the bundle
            killStarted(id);
            return fail(record.toBuilder().startPhases(timer.phases()).build(),
                    secrets.redact(e instanceof AgentError error ? error : new Internal("starting " + id + ": " + e, e)));
        }
        StartPhases phases = timer.phases();
        ContainerRecord started = record.toBuilder().pid(status.pid()).started(Optional.of(status.startedAt().orElse(Instant.now())))
                .health(spec.health().isPresent() ? HealthState.STARTING.name() : HealthState.NONE.name()).startPhases(phases).build();
        AgentEvent startEvent = StartEvents.start(id, started.backend(), status.pid(), phases);
        if (spec.init().isEmpty() && status.state() != ContainerState.EXITED) {
            // nothing runs between started and running: one committed write (one WAL fsync) instead of two; a crash
            // before it leaves the CREATED record, as a crash between start and the first write always did
            record = put(started.toBuilder().state(ContainerState.RUNNING).build(), startEvent, LifecycleEvents.event("container.running", id));
            BootErrorFile.clear(dirs.of(id));
            return new BootOutcome.Running(record);
        }
        if (status.state() == ContainerState.EXITED && spec.init().isEmpty()) {
            // started and already exited (a `true`): the exit step commits the start with the exit, one WAL fsync
            // instead of two; a crash before it leaves the CREATED record, as a crash right after start always did
            return new BootOutcome.Exited(started, status.exit().orElseGet(() -> exitOf(id)), List.of(startEvent));
        }
        record = put(started, startEvent);
        // with init steps, a process that already exited fails its first step at once, and the evidence says why
        try {
            init.run(id, spec);
        }
        catch (AgentError e) {
            // an init failure is reported as such even when the process died during it: the evidence says so
            ContainerStatus after = stateOrUnknown(id);
            if (after.state() == ContainerState.EXITED) {
                ExitStatus exit = after.exit().orElseGet(() -> exitOf(id));
                record = put(record.toBuilder().exitCode(RuntimeQueries.code(exit)).oomKilled(exit.oomKilled()).pid(OptionalLong.empty())
                        .finished(Optional.of(exit.finishedAt().orElse(Instant.now()))).build());
            }
            return new BootOutcome.InitFailed(record, secrets.redact(e));
        }
        // the failure a restart followed stays visible, as inspect's "last failure"
        record = put(record.toBuilder().state(ContainerState.RUNNING).build(), LifecycleEvents.event("container.running", id));
        BootErrorFile.clear(dirs.of(id));
        return new BootOutcome.Running(record);
    }

    /** Records {@code error} as the replica's failure: FAILED, boot-error.json written, everything else kept. */
    public BootOutcome.Failed fail(ContainerRecord record, AgentError error)
    {
        log.warn("{} failed: {}", record.id(), error.getMessage());
        // the file first: the event announces a FAILED record whose boot-error.json is there to read
        writeBootError(record.id(), error);
        ContainerRecord failed = put(record.toBuilder().state(ContainerState.FAILED).failure(Optional.of(error))
                .pid(OptionalLong.empty()).finished(Optional.of(Instant.now())).build(),
                LifecycleEvents.event("container.fail", record.id(), "code", error.code().name(), "stage", error.stage().wireName()));
        return new BootOutcome.Failed(failed, error);
    }

    public void writeBootError(String id, AgentError error)
    {
        try {
            BootErrorFile.write(dirs.of(id), error);
        }
        catch (AgentError e) {
            log.warn("boot-error.json for {} not written: {}", id, e.getMessage());
        }
    }

    private ContainerStatus awaitRunning(String id, Duration timeout)
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ContainerStatus status = runtime.state(id);
            if (status.state() == ContainerState.RUNNING || status.state() == ContainerState.EXITED) {
                return status;
            }
            if (System.nanoTime() >= deadline) {
                TimeoutEvidence found = evidence.collect(id, Suspect.other("reaching running"));
                throw new StartFailed(id, "did not reach running within " + timeout.toMillis() + "ms (state " + status.state() + "); "
                        + found.summary(), new Timeout(timeout, found));
            }
            sleep(poll);
        }
    }

    private ExitStatus exitOf(String id)
    {
        return RuntimeQueries.exitOf(runtime, id, Optional.empty());
    }

    private void killStarted(String id)
    {
        try {
            runtime.kill(id, 9);
        }
        catch (AgentError e) {
            log.warn("container {} failed after it started and could not be killed: {}", id, e.getMessage());
        }
    }

    private ContainerStatus stateOrUnknown(String id)
    {
        return RuntimeQueries.stateOrUnknown(runtime, id);
    }

    /** One step: the record and its events in one transaction, the events published after the commit. */
    private ContainerRecord put(ContainerRecord record, AgentEvent... stepEvents)
    {
        events.commit(() -> store.putContainer(record), stepEvents);
        return record;
    }

    private static void sleep(Duration duration)
    {
        try {
            Thread.sleep(Math.max(1, duration.toMillis()));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Internal("interrupted while waiting", e);
        }
    }
}
