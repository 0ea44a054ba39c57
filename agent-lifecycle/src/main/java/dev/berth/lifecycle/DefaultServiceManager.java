package dev.berth.lifecycle;

import static java.util.Objects.requireNonNull;

import dev.berth.core.composite.CompositeRuntime;
import dev.berth.core.composite.Placement;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.error.NotFound;
import dev.berth.core.event.AgentEvent;
import dev.berth.core.event.EventSink;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ExecRequest;
import dev.berth.core.runtime.ExecResult;
import dev.berth.core.runtime.ExitStatus;
import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.LogReader;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.core.spec.SpecDefaults;
import dev.berth.core.unit.HumanDurations;
import dev.berth.gpu.assign.GpuAssigner;
import dev.berth.gpu.config.GpuConfig;
import dev.berth.lifecycle.config.LifecycleConfig;
import dev.berth.lifecycle.deploy.Deployer;
import dev.berth.lifecycle.deploy.ReplicaStarts;
import dev.berth.lifecycle.deploy.DependencyWaiter;
import dev.berth.lifecycle.diagnose.EvidenceCollector;
import dev.berth.lifecycle.event.LifecycleEvents;
import dev.berth.lifecycle.health.HealthProbe;
import dev.berth.lifecycle.init.InitRunner;
import dev.berth.lifecycle.probe.Prober;
import dev.berth.lifecycle.recovery.Recovery;
import dev.berth.lifecycle.replica.BootOutcome;
import dev.berth.lifecycle.replica.ContainerDirs;
import dev.berth.lifecycle.replica.ContainerIds;
import dev.berth.lifecycle.replica.GpuLedger;
import dev.berth.lifecycle.replica.ImageCache;
import dev.berth.lifecycle.replica.ReplicaBooter;
import dev.berth.lifecycle.replica.ServiceSpecs;
import dev.berth.lifecycle.replica.Supervisor;
import dev.berth.lifecycle.view.FailureLog;
import dev.berth.lifecycle.update.ReplicaGate;
import dev.berth.lifecycle.update.RollingUpdates;
import dev.berth.lifecycle.update.RolloutRecovery;
import dev.berth.lifecycle.view.Views;
import dev.berth.state.ContainerRecord;
import dev.berth.state.ServiceRecord;
import dev.berth.state.StateStore;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The {@link ServiceManager} over the composite runtime and the durable store. {@link #start()} runs recovery and
 * starts the exit monitor; {@link #close()} stops the lifecycle's own threads and, only when
 * {@code lifecycle.stop-containers-on-shutdown} says so, the containers (by default they keep running for the next
 * agent to adopt).
 */
public final class DefaultServiceManager
        implements ServiceManager, AutoCloseable
{
    private static final Logger log = LogManager.getLogger(DefaultServiceManager.class);
    private static final int TIMER_THREADS = 2;

    private final CompositeRuntime runtime;
    private final StateStore store;
    private final LifecycleConfig config;
    private final ServiceSpecs specs;
    private final ContainerDirs dirs;
    private final ImageCache images;
    private final Supervisor supervisor;
    private final Deployer deployer;
    private final Recovery recovery;
    private final RolloutRecovery rollouts;
    private final Views views;
    private final LifecycleEvents events;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private volatile RecoveryReport lastRecovery = RecoveryReport.NONE;
    private volatile ScheduledFuture<?> monitor;

    public DefaultServiceManager(CompositeRuntime runtime, StateStore store, EventSink sink, LifecycleConfig config, Path dataDir)
    {
        this(runtime, store, sink, config, dataDir, GpuAssigner.forLocalHost(GpuConfig.DEFAULTS));
    }

    /** @param gpus writes down, and re-checks at recovery, the GPUs each container is given on this host */
    public DefaultServiceManager(CompositeRuntime runtime, StateStore store, EventSink sink, LifecycleConfig config, Path dataDir, GpuAssigner gpus)
    {
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.store = requireNonNull(store, "store is null");
        this.config = requireNonNull(config, "config is null");
        requireNonNull(sink, "sink is null");
        requireNonNull(dataDir, "dataDir is null");
        // timers only hand work to the workers, so two threads suffice; a core size of `workers` grew a thread per
        // scheduled task (16 threads' stacks once a few containers had health checks or restarts)
        this.scheduler = new ScheduledThreadPoolExecutor(TIMER_THREADS, daemon("lifecycle-timer"));
        this.workers = Executors.newCachedThreadPool(daemon("lifecycle-worker"));
        this.events = new LifecycleEvents(sink, store);
        this.specs = new ServiceSpecs(store);
        this.dirs = new ContainerDirs(dataDir);
        this.images = new ImageCache(runtime);
        Prober prober = new Prober(runtime);
        EvidenceCollector evidence = new EvidenceCollector(runtime, config.evidenceLogLines());
        InitRunner init = new InitRunner(runtime, prober, evidence, config.conditionPollInterval());
        GpuLedger ledger = new GpuLedger(requireNonNull(gpus, "gpus is null"), store, events);
        ReplicaBooter booter = new ReplicaBooter(runtime, store, images, init, evidence, events, dirs, config.conditionPollInterval(), ledger,
                Clock.systemUTC(), System::nanoTime);
        this.supervisor = new Supervisor(runtime, store, specs, booter, new HealthProbe(prober), evidence, events, scheduler, workers);
        ReplicaStarts starts = new ReplicaStarts(store, supervisor, dirs, config.workers());
        RollingUpdates updates = new RollingUpdates(store, specs, images, events, starts, supervisor, id -> removeContainer(id, true, false),
                new ReplicaGate(store, config.conditionPollInterval()));
        this.deployer = new Deployer(runtime, store, specs, supervisor,
                new DependencyWaiter(store, specs, prober, evidence, config.conditionPollInterval(), config.readyProbeTimeout()), events, workers,
                id -> removeContainer(id, true, false), starts, updates);
        this.rollouts = new RolloutRecovery(store, updates, workers);
        this.recovery = new Recovery(runtime, store, specs, supervisor, events, config.removeOrphans(), workers, ledger);
        this.views = new Views(specs, dirs);
    }

    /** Recovers what the previous agent left, then starts watching replicas. @return the recovery report */
    public synchronized RecoveryReport start()
    {
        RecoveryReport report = recover();
        if (monitor == null) {
            monitor = supervisor.startMonitor(config.monitorInterval());
        }
        return report;
    }

    /** Reconciles the store with the runtimes; see {@link Recovery}. */
    public RecoveryReport recover()
    {
        // an update the previous agent left unfinished goes back on record first, so recovery boots its previous spec
        List<String> reverted = rollouts.revert();
        RecoveryReport report = recovery.recover();
        lastRecovery = report;
        rollouts.restore(reverted);
        return report;
    }

    /**
     * How long the last recovery took to settle every recorded container (adopt, collect exits, schedule restarts),
     * without the backends' full listing for orphans that runs beside it and is part of the report's duration.
     */
    public Duration lastRecoveryAdoption()
    {
        return recovery.lastAdoption();
    }

    @Override
    public DeployResult deploy(List<ServiceDocument> services)
    {
        return deployer.deploy(services);
    }

    @Override
    public ContainerView run(ServiceDocument service)
    {
        ServiceSpec spec = service.spec();
        String id = ContainerIds.of(spec.name(), 1);
        refuseTakenName(spec.name(), id);
        Placement placement = runtime.place(spec, Optional.empty());
        if (placement instanceof Placement.Elsewhere elsewhere) {
            throw elsewhere.signal().asError();
        }
        ContainerRecord pending = ContainerRecord.pending(id, spec.name(), 1, spec.image(),
                spec.health().isPresent() ? HealthState.STARTING.name() : HealthState.NONE.name(), dirs.of(id).toString());
        BootOutcome outcome;
        try {
            // the service and its pending replica in one transaction: one WAL fsync, and never one without the other
            outcome = supervisor.launch(pending, spec, () -> {
                // again, on the writer under the store's lock: the check above read the last commit, and a concurrent
                // run of this name may have committed since; the loser must not replace the winner's records
                refuseTakenName(spec.name(), id);
                specs.put(spec);
                store.putService(new ServiceRecord(spec.name(), ServiceSpecs.document(service), 1, false, Instant.now()));
            });
        }
        catch (AgentError signal) {
            if (!signal.isPlacementSignal()) {
                throw signal;
            }
            // a placement signal: nothing runs here, and nothing failed; the record would only mislead
            supervisor.retire(id, () -> store.inTransaction(() -> {
                store.removeContainer(id);
                store.removeService(spec.name());
            }));
            specs.forget(spec.name());
            throw signal;
        }
        ContainerRecord record = store.container(id).orElse(outcome.record());
        if (outcome instanceof BootOutcome.Failed failed) {
            throw failed.error();
        }
        if (outcome instanceof BootOutcome.InitFailed initFailed && record.state() == ContainerState.FAILED) {
            throw initFailed.error();
        }
        return views.container(record);
    }

    /** @throws CreateFailed when a service of that name exists, as far as the store's reads see */
    private void refuseTakenName(String name, String id)
    {
        if (store.service(name).isPresent()) {
            throw new CreateFailed(id, "a service named '" + name + "' already exists: remove it first, or choose another name");
        }
        ContainerIds.refuseAmbiguous(List.of(name), store.services().stream().map(ServiceRecord::name).toList());
    }

    @Override
    public List<ContainerView> containers()
    {
        return store.containers().stream().map(views::container).toList();
    }

    @Override
    public List<ServiceView> services()
    {
        List<ServiceView> result = new ArrayList<>();
        for (ServiceRecord service : store.services()) {
            String image;
            try {
                image = specs.get(service.name()).image();
            }
            catch (AgentError e) {
                image = "";
            }
            result.add(Views.service(service, image, store.containersOf(service.name()), store.rollout(service.name())));
        }
        return result;
    }

    @Override
    public ContainerView inspect(String nameOrId)
    {
        return views.container(store.container(resolveOne(nameOrId)).orElseThrow());
    }

    @Override
    public List<ContainerView> stop(String nameOrId, Optional<Duration> grace)
    {
        if (grace.isPresent() && (grace.get().isNegative() || grace.get().compareTo(SpecDefaults.MAX_STOP_GRACE) > 0)) {
            throw new InvalidSpec("grace: " + HumanDurations.format(grace.get()) + " is not between 0s and the maximum of "
                    + HumanDurations.format(SpecDefaults.MAX_STOP_GRACE));
        }
        List<String> ids = resolveAll(nameOrId);
        List<ContainerView> stopped = new ArrayList<>();
        for (String id : ids) {
            ContainerRecord record = store.container(id).orElseThrow();
            Duration effective = grace.orElseGet(() -> stopGrace(record.service()));
            stopped.add(views.container(supervisor.stop(id, effective)));
        }
        if (store.container(nameOrId).isEmpty()) {
            store.service(nameOrId).ifPresent(service -> store.putService(service.withStoppedByUser(true)));
        }
        return stopped;
    }

    @Override
    public void remove(String nameOrId, boolean force)
    {
        refuseAmbiguous(nameOrId);
        if (store.container(nameOrId).isEmpty() && store.containersOf(nameOrId).isEmpty() && store.service(nameOrId).isPresent()) {
            // a service without containers: scaled to zero, or left so by a removal a crash cut short
            forgetService(nameOrId);
            return;
        }
        List<String> ids = resolveAll(nameOrId);
        if (!force) {
            for (String id : ids) {
                if (runtimeState(id) == ContainerState.RUNNING) {
                    throw new InvalidSpec("container '" + id + "' is running: stop it first, or remove it with force");
                }
            }
        }
        List<String> services = new ArrayList<>();
        for (String id : ids) {
            store.container(id).ifPresent(record -> services.add(record.service()));
            removeContainer(id, force, true);
        }
        for (String service : services.stream().distinct().toList()) {
            // its last container's removal took the service with it; one still here lost its containers some other way
            if (store.service(service).isPresent() && store.containersOf(service).isEmpty()) {
                forgetService(service);
            }
        }
    }

    private void forgetService(String service)
    {
        events.commit(() -> store.removeService(service), LifecycleEvents.event("service.remove", service));
        forgotten(service);
    }

    private void forgotten(String service)
    {
        specs.forget(service);
        images.forget(service);
    }

    @Override
    public ExitStatus wait(String nameOrId, Duration timeout)
    {
        String id = resolveOne(nameOrId);
        try {
            return runtime.wait(id, timeout);
        }
        catch (NotFound e) {
            ContainerRecord record = store.container(id).orElseThrow(() -> e);
            if (record.exitCode().isPresent()) {
                return new ExitStatus(record.exitCode().getAsInt(), record.oomKilled(), record.finished());
            }
            throw e;
        }
    }

    @Override
    public LogReader logs(String nameOrId, LogOptions options)
    {
        String id = resolveOne(nameOrId);
        try {
            return runtime.logs(id, options);
        }
        catch (NotFound e) {
            // a failed create is rolled back from the runtime's ownership: what the agent kept is its failure
            ContainerRecord record = store.container(id).orElseThrow(() -> e);
            if (record.state() != ContainerState.FAILED || record.failure().isEmpty()) {
                throw e;
            }
            return FailureLog.of(record, record.failure().get());
        }
    }

    @Override
    public ExecResult exec(String nameOrId, ExecRequest request)
    {
        return runtime.exec(resolveOne(nameOrId), request);
    }

    @Override
    public RecoveryReport lastRecovery()
    {
        return lastRecovery;
    }

    /** Stops the lifecycle's threads; stops the containers only when configured to. Containers are never removed. */
    @Override
    public void close()
    {
        if (monitor != null) {
            monitor.cancel(false);
        }
        if (config.stopContainersOnShutdown()) {
            for (ContainerRecord record : store.containers()) {
                if (record.state() == ContainerState.RUNNING) {
                    try {
                        supervisor.stop(record.id(), config.shutdownGrace());
                    }
                    catch (RuntimeException e) {
                        log.warn("stopping {} at shutdown failed: {}", record.id(), e.getMessage());
                    }
                }
            }
        }
        scheduler.shutdownNow();
        workers.shutdown();
        try {
            // a monitor tick may be inside a runtime call; let it finish before the store goes away
            if (!scheduler.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("lifecycle timers still running after {}", config.shutdownGrace());
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (!workers.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("lifecycle operations still running after {}; abandoning them", config.shutdownGrace());
                workers.shutdownNow();
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.close();
    }

    /**
     * Removes the container from its runtime, then its record in one step: the record, the ownership record the
     * composite forgot (deferred to this commit), its events and, with {@code forgetEmptyService}, the service when this
     * was its last container, all in one transaction.
     */
    private void removeContainer(String id, boolean force, boolean forgetEmptyService)
    {
        supervisor.retire(id, () -> {
            Optional<String> backend = runtime.ownerName(id)
                    .or(() -> store.container(id).map(ContainerRecord::backend).filter(name -> !name.isEmpty()));
            try {
                if (runtime.ownerName(id).isPresent()) {
                    runtime.remove(id, force);
                }
                else if (backend.isPresent() && runtime.backends().containsKey(backend.get())) {
                    // a failed create left the backend's evidence without an ownership record
                    runtime.backends().get(backend.get()).remove(id, true);
                }
            }
            catch (NotFound e) {
                log.debug("{} was already gone from its runtime: {}", id, e.getMessage());
            }
            List<String> emptied = new ArrayList<>(1);
            events.commit(() -> {
                List<AgentEvent> step = new ArrayList<>(List.of(LifecycleEvents.event("container.remove", id)));
                Optional<String> service = forgetEmptyService ? store.container(id).map(ContainerRecord::service) : Optional.empty();
                store.removeContainer(id);
                if (service.isPresent() && store.containersOf(service.get()).isEmpty() && store.service(service.get()).isPresent()) {
                    store.removeService(service.get());
                    step.add(LifecycleEvents.event("service.remove", service.get()));
                    emptied.add(service.get());
                }
                return step;
            });
            emptied.forEach(this::forgotten);
            deleteTree(dirs.of(id));
        });
    }

    private ContainerState runtimeState(String id)
    {
        try {
            return runtime.state(id).state();
        }
        catch (AgentError e) {
            return ContainerState.UNKNOWN;
        }
    }

    private Duration stopGrace(String service)
    {
        try {
            return specs.get(service).stopGrace();
        }
        catch (AgentError e) {
            return config.shutdownGrace();
        }
    }

    /** A container id, else the single container of a service. */
    private String resolveOne(String nameOrId)
    {
        List<String> ids = resolveAll(nameOrId);
        if (ids.size() > 1) {
            throw new InvalidSpec("'" + nameOrId + "' is a service with " + ids.size() + " containers (" + String.join(", ", ids)
                    + "): name one of them");
        }
        return ids.get(0);
    }

    /**
     * A container id, else every container of a service. A name that is both a container's id and a service's name
     * (a pair made before such names were refused) is refused rather than guessed at.
     *
     * @throws NotFound
     * @throws InvalidSpec when the name is both
     */
    private List<String> resolveAll(String nameOrId)
    {
        requireNonNull(nameOrId, "nameOrId is null");
        refuseAmbiguous(nameOrId);
        if (store.container(nameOrId).isPresent()) {
            return List.of(nameOrId);
        }
        List<String> ids = store.containersOf(nameOrId).stream().map(ContainerRecord::id).toList();
        if (ids.isEmpty()) {
            throw new NotFound(nameOrId, store.service(nameOrId).isPresent()
                    ? "service '" + nameOrId + "' has no containers"
                    : "no container or service of that name on this node");
        }
        return ids;
    }

    private void refuseAmbiguous(String nameOrId)
    {
        Optional<ContainerRecord> container = store.container(nameOrId);
        if (container.isPresent() && store.service(nameOrId).isPresent()) {
            List<String> ids = store.containersOf(nameOrId).stream().map(ContainerRecord::id).toList();
            throw new InvalidSpec("'" + nameOrId + "' is both replica " + container.get().replica() + " of the service '"
                    + container.get().service() + "' and the service '" + nameOrId + "'" + (ids.isEmpty() ? "" : " (containers " + String.join(", ", ids) + ")")
                    + ": name a container by its full id, or the service '" + container.get().service() + "' as a whole");
        }
    }

    private static void deleteTree(Path directory)
    {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
        catch (IOException e) {
            log.warn("removing {} failed: {}", directory, e.getMessage());
        }
    }

    private static ThreadFactory daemon(String name)
    {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
