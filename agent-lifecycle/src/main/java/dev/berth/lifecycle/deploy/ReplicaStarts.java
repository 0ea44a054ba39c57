package dev.berth.lifecycle.deploy;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.Internal;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.lifecycle.HealthState;
import dev.berth.lifecycle.replica.BootOutcome;
import dev.berth.lifecycle.replica.ContainerDirs;
import dev.berth.lifecycle.replica.ContainerIds;
import dev.berth.lifecycle.replica.Supervisor;
import dev.berth.state.ContainerRecord;
import dev.berth.state.StateStore;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.Optional;
import java.util.concurrent.Semaphore;

/** Boots a service's replicas for a deploy or a rolling update, at most {@code parallelBoots} at once. */
public final class ReplicaStarts
{
    private static final Logger log = LogManager.getLogger(ReplicaStarts.class);

    private final StateStore store;
    private final Supervisor supervisor;
    private final ContainerDirs dirs;
    private final Semaphore boots;

    public ReplicaStarts(StateStore store, Supervisor supervisor, ContainerDirs dirs, int parallelBoots)
    {
        this.store = requireNonNull(store, "store is null");
        this.supervisor = requireNonNull(supervisor, "supervisor is null");
        this.dirs = requireNonNull(dirs, "dirs is null");
        this.boots = new Semaphore(Math.max(1, parallelBoots));
    }

    public ContainerRecord pending(ServiceSpec spec, int replica)
    {
        String id = ContainerIds.of(spec.name(), replica);
        return ContainerRecord.pending(id, spec.name(), replica, spec.image(),
                spec.health().isPresent() ? HealthState.STARTING.name() : HealthState.NONE.name(), dirs.of(id).toString());
    }

    /**
     * Boots {@code pending}, committing {@code withPending}'s writes with its pending record.
     *
     * @return the error that kept it from running (a placement signal among them), empty when it booted
     */
    public Optional<AgentError> boot(ContainerRecord pending, ServiceSpec spec, Runnable withPending)
    {
        try {
            boots.acquire();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(new Internal("interrupted before booting " + pending.id(), e));
        }
        try {
            return bootNow(pending, spec, withPending);
        }
        finally {
            boots.release();
        }
    }

    private Optional<AgentError> bootNow(ContainerRecord pending, ServiceSpec spec, Runnable withPending)
    {
        try {
            BootOutcome outcome = supervisor.launch(pending, spec, withPending);
            if (outcome instanceof BootOutcome.Failed failed) {
                return Optional.of(failed.error());
            }
            if (outcome instanceof BootOutcome.InitFailed initFailed
                    && store.container(pending.id()).map(record -> record.state() == ContainerState.FAILED).orElse(false)) {
                return Optional.of(initFailed.error());
            }
            return Optional.empty();
        }
        catch (AgentError error) {
            if (!error.isPlacementSignal()) {
                // the lifecycle itself failed (the store, say): the record stays as far as it got
                log.error("booting {} failed outside the replica: {}", pending.id(), error.getMessage());
                return Optional.of(error);
            }
            // a placement signal is not this replica's failure: drop the pending record and report the signal
            supervisor.retire(pending.id(), () -> store.removeContainer(pending.id()));
            return Optional.of(error);
        }
    }
}
