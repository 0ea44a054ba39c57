package dev.berth.lifecycle.deploy;

import static java.util.Objects.requireNonNull;

import dev.berth.core.composite.CompositeRuntime;
import dev.berth.core.composite.Placement;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.DependencyTimeout;
import dev.berth.core.error.Internal;
import dev.berth.core.spec.Dependency;
import dev.berth.core.spec.DependencyGraph;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.lifecycle.DeployResult;
import dev.berth.lifecycle.ServiceDocument;
import dev.berth.lifecycle.event.LifecycleEvents;
import dev.berth.lifecycle.replica.ContainerIds;
import dev.berth.lifecycle.replica.ServiceSpecs;
import dev.berth.lifecycle.replica.Supervisor;
import dev.berth.lifecycle.update.RollingUpdates;
import dev.berth.state.ContainerRecord;
import dev.berth.state.ServiceRecord;
import dev.berth.state.StateStore;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * Deploys services layer by layer in dependency order, the services of a layer in parallel. Each service waits for
 * its dependencies' conditions, then gets the difference between its replicas on record and the replicas wanted: a
 * changed spec is a {@link RollingUpdates rolling update}; an unchanged one (or one whose replica count alone changed)
 * only adds the missing replicas or removes the extra ones.
 */
public final class Deployer
{
    private static final Logger log = LogManager.getLogger(Deployer.class);

    private final CompositeRuntime runtime;
    private final StateStore store;
    private final ServiceSpecs specs;
    private final Supervisor supervisor;
    private final DependencyWaiter waiter;
    private final LifecycleEvents events;
    private final ExecutorService workers;
    private final Consumer<String> remover;
    private final ReplicaStarts starts;
    private final RollingUpdates updates;

    /** @param remover removes one container (record and runtime), as {@code berth rm -f} would */
    public Deployer(CompositeRuntime runtime, StateStore store, ServiceSpecs specs, Supervisor supervisor, DependencyWaiter waiter,
            LifecycleEvents events, ExecutorService workers, Consumer<String> remover, ReplicaStarts starts, RollingUpdates updates)
    {
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.store = requireNonNull(store, "store is null");
        this.specs = requireNonNull(specs, "specs is null");
        this.supervisor = requireNonNull(supervisor, "supervisor is null");
        this.waiter = requireNonNull(waiter, "waiter is null");
        this.events = requireNonNull(events, "events is null");
        this.workers = requireNonNull(workers, "workers is null");
        this.remover = requireNonNull(remover, "remover is null");
        this.starts = requireNonNull(starts, "starts is null");
        this.updates = requireNonNull(updates, "updates is null");
    }

    /**
     * @throws dev.berth.core.error.InvalidSpec naming the cycle when the services depend on each other in a circle, or a
     * new service whose name reads as a replica id of another (see {@link ContainerIds#refuseAmbiguous})
     */
    public DeployResult deploy(List<ServiceDocument> documents)
    {
        Map<String, ServiceDocument> byName = new LinkedHashMap<>();
        documents.forEach(document -> byName.put(document.spec().name(), document));
        DependencyGraph graph = DependencyGraph.of(documents.stream().map(ServiceDocument::spec).toList());
        ContainerIds.refuseAmbiguous(byName.keySet(), store.services().stream().map(ServiceRecord::name).toList());
        Map<String, DeployResult.Outcome> outcomes = new LinkedHashMap<>();
        for (List<ServiceSpec> layer : graph.layers()) {
            List<CompletableFuture<DeployResult.Outcome>> running = new ArrayList<>();
            for (ServiceSpec spec : layer) {
                ServiceDocument document = byName.get(spec.name());
                running.add(CompletableFuture.supplyAsync(() -> deployService(document), workers));
            }
            for (CompletableFuture<DeployResult.Outcome> future : running) {
                DeployResult.Outcome outcome = future.join();
                outcomes.put(outcome.service(), outcome);
            }
        }
        List<DeployResult.Outcome> ordered = new ArrayList<>();
        documents.forEach(document -> ordered.add(outcomes.get(document.spec().name())));
        return new DeployResult(ordered);
    }

    private DeployResult.Outcome deployService(ServiceDocument document)
    {
        ServiceSpec spec = document.spec();
        try {
            Placement placement = runtime.place(spec, Optional.empty());
            if (placement instanceof Placement.Elsewhere elsewhere) {
                return new DeployResult.Outcome(spec.name(), 0, 0, List.of(), Optional.of(elsewhere.signal().asError()));
            }
            Optional<ServiceRecord> previous = store.service(spec.name());
            boolean changed = previous.isPresent() && !ServiceSpecs.sameExceptReplicas(previous.get().document(), ServiceSpecs.document(document));
            if (changed || (previous.isPresent() && updates.paused(spec.name()))) {
                // the old replicas keep serving while the new spec's dependencies are awaited
                Optional<AgentError> dependencyFailure = awaitDependencies(spec);
                if (dependencyFailure.isPresent()) {
                    return outcome(spec, 0, 0, dependencyFailure);
                }
                RollingUpdates.Result result = changed ? updates.update(document, previous.get()) : updates.resume(document);
                return outcome(spec, result.created(), result.removed(), result.error());
            }
            int removed = 0;
            store.putService(new ServiceRecord(spec.name(), ServiceSpecs.document(document), spec.replicas(), false, Instant.now()));
            specs.put(spec);
            events.publish("service.deploy", spec.name(), "replicas", String.valueOf(spec.replicas()));

            List<ContainerRecord> existing = store.containersOf(spec.name());
            for (ContainerRecord extra : existing) {
                if (extra.replica() > spec.replicas()) {
                    remover.accept(extra.id());
                    removed++;
                }
            }
            List<Integer> missing = new ArrayList<>();
            for (int replica = 1; replica <= spec.replicas(); replica++) {
                int number = replica;
                if (existing.stream().noneMatch(record -> record.replica() == number)) {
                    missing.add(replica);
                }
            }
            Optional<AgentError> dependencyFailure = awaitDependencies(spec);
            if (dependencyFailure.isPresent()) {
                // the replicas are kept on record as FAILED with the reason, so ps shows why nothing runs
                for (int replica : missing) {
                    ContainerRecord pending = starts.pending(spec, replica);
                    store.putContainer(pending);
                    supervisor.failWithoutBoot(pending, dependencyFailure.get());
                }
                return outcome(spec, missing.size(), removed, dependencyFailure);
            }
            List<CompletableFuture<Optional<AgentError>>> boots = new ArrayList<>();
            for (int replica : missing) {
                ContainerRecord pending = starts.pending(spec, replica);
                boots.add(CompletableFuture.supplyAsync(() -> starts.boot(pending, spec, () -> {}), workers));
            }
            Optional<AgentError> error = Optional.empty();
            for (CompletableFuture<Optional<AgentError>> boot : boots) {
                Optional<AgentError> result = boot.join();
                if (error.isEmpty() || (result.isPresent() && result.get().isPlacementSignal())) {
                    error = result.isPresent() ? result : error;
                }
            }
            return outcome(spec, missing.size(), removed, error);
        }
        catch (AgentError e) {
            return outcome(spec, 0, 0, Optional.of(e));
        }
        catch (RuntimeException e) {
            log.error("deploying {} failed: {}", spec.name(), e.getMessage(), e);
            return outcome(spec, 0, 0, Optional.of(new Internal("deploying " + spec.name() + ": " + e, e)));
        }
    }

    private Optional<AgentError> awaitDependencies(ServiceSpec spec)
    {
        for (Dependency dependency : spec.depends()) {
            try {
                waiter.await(spec.name(), dependency);
            }
            catch (DependencyTimeout timeout) {
                events.publish("service.dependency-timeout", spec.name(), "dependency", dependency.service(),
                        "onTimeout", dependency.onTimeout().name().toLowerCase());
                switch (dependency.onTimeout()) {
                    case FAIL -> {
                        return Optional.of(timeout);
                    }
                    case WARN -> log.warn("{}; deploying {} anyway (onTimeout: warn)", timeout.getMessage(), spec.name());
                    case CONTINUE -> log.info("{}; deploying {} anyway (onTimeout: continue)", timeout.getMessage(), spec.name());
                }
            }
        }
        return Optional.empty();
    }

    private DeployResult.Outcome outcome(ServiceSpec spec, int created, int removed, Optional<AgentError> error)
    {
        List<String> containers = store.containersOf(spec.name()).stream().map(ContainerRecord::id).toList();
        return new DeployResult.Outcome(spec.name(), created, removed, containers, error);
    }
}
