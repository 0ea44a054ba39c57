package dev.berth.lifecycle.update;

import static java.util.Objects.requireNonNull;

import dev.berth.state.Rollout;
import dev.berth.state.StateStore;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Settles the rolling updates a previous agent left unfinished: each goes back to the revision it came from, which
 * was running and healthy before it, while the new one was never proven. {@link #revert} puts that revision back on
 * record before recovery restarts anything, so a replica recovery boots again boots the previous spec;
 * {@link #restore} then replaces the replicas still on the new revision, behind the same health gate.
 */
public final class RolloutRecovery
{
    private static final Logger log = LogManager.getLogger(RolloutRecovery.class);

    private final StateStore store;
    private final RollingUpdates updates;
    private final ExecutorService workers;

    public RolloutRecovery(StateStore store, RollingUpdates updates, ExecutorService workers)
    {
        this.store = requireNonNull(store, "store is null");
        this.updates = requireNonNull(updates, "updates is null");
        this.workers = requireNonNull(workers, "workers is null");
    }

    /** Store only, before recovery: every unsettled update's service back on its previous revision. @return their names */
    public List<String> revert()
    {
        List<String> reverted = new ArrayList<>();
        for (Rollout rollout : store.rollouts()) {
            if (!rollout.unsettled()) {
                continue;
            }
            String reason = rollout.state() == Rollout.State.ROLLING_BACK ? rollout.reason()
                    : "the agent stopped during the update to revision " + rollout.to();
            try {
                updates.revert(rollout.service(), reason);
                reverted.add(rollout.service());
                log.warn("service {}: {}; rolling back to revision {}", rollout.service(), reason, rollout.from());
            }
            catch (RuntimeException e) {
                log.error("service {}: the unfinished update to revision {} cannot be rolled back: {}", rollout.service(), rollout.to(), e.getMessage(), e);
            }
        }
        return reverted;
    }

    /** After recovery, on the workers: the replicas of each reverted service brought back to its previous revision. */
    public CompletableFuture<Void> restore(List<String> services)
    {
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (String service : services) {
            running.add(CompletableFuture.runAsync(() -> {
                try {
                    updates.restore(service);
                }
                catch (RuntimeException e) {
                    log.error("rolling back service {} after a restart failed: {}", service, e.getMessage(), e);
                }
            }, workers));
        }
        return CompletableFuture.allOf(running.toArray(CompletableFuture[]::new));
    }
}
