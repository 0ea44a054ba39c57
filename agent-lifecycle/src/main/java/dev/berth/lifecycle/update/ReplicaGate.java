package dev.berth.lifecycle.update;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.HealthCheckFailed;
import dev.berth.core.error.Internal;
import dev.berth.core.error.UnexpectedExit;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.core.unit.HumanDurations;
import dev.berth.lifecycle.HealthState;
import dev.berth.state.ContainerRecord;
import dev.berth.state.StateStore;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Waits until a new replica counts as healthy for a rolling update: its health check passed, or, without a check, it
 * has run for {@code update.healthy}; at most {@code update.deadline}. A replica that exits, restarts, fails or turns
 * unhealthy meanwhile fails the gate at once.
 */
public final class ReplicaGate
{
    private final StateStore store;
    private final Duration poll;

    public ReplicaGate(StateStore store, Duration poll)
    {
        this.store = requireNonNull(store, "store is null");
        this.poll = requireNonNull(poll, "poll is null");
    }

    /** @return empty once {@code id} is healthy; else why it is not */
    public Optional<AgentError> await(String id, ServiceSpec spec)
    {
        long deadline = System.nanoTime() + spec.update().deadline().toNanos();
        int restarts = store.container(id).map(ContainerRecord::restartCount).orElse(0);
        while (true) {
            Optional<ContainerRecord> found = store.container(id);
            if (found.isEmpty()) {
                return Optional.of(new Internal("replica '" + id + "' was removed while the update waited for it"));
            }
            ContainerRecord record = found.get();
            Optional<AgentError> failure = failure(record, spec, restarts);
            if (failure.isPresent()) {
                return failure;
            }
            if (healthy(record, spec)) {
                return Optional.empty();
            }
            if (System.nanoTime() - deadline > 0) {
                return Optional.of(new HealthCheckFailed(id, "not healthy within update.deadline " + HumanDurations.format(spec.update().deadline())
                        + " (state " + record.state().name().toLowerCase() + ", health " + record.health().toLowerCase() + ")"));
            }
            try {
                Thread.sleep(poll.toMillis());
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of(new Internal("interrupted while waiting for replica '" + id + "'", e));
            }
        }
    }

    private static Optional<AgentError> failure(ContainerRecord record, ServiceSpec spec, int restarts)
    {
        int code = record.exitCode().orElse(-1);
        return switch (record.state()) {
            case FAILED -> Optional.of(record.failure().orElseGet(() -> new UnexpectedExit(record.id(), code)));
            case EXITED, RESTARTING, CRASH_LOOP_BACKOFF -> Optional.of(new UnexpectedExit(record.id(), code));
            case RUNNING -> {
                if (record.restartCount() > restarts) {
                    yield Optional.of(new UnexpectedExit(record.id(), code));
                }
                if (spec.health().isPresent() && record.health().equals(HealthState.UNHEALTHY.name())) {
                    yield Optional.of(new HealthCheckFailed(record.id(), "its health check failed during the update"));
                }
                yield Optional.empty();
            }
            case PENDING, CREATED, UNKNOWN -> Optional.empty();
        };
    }

    private static boolean healthy(ContainerRecord record, ServiceSpec spec)
    {
        if (record.state() != ContainerState.RUNNING) {
            return false;
        }
        if (spec.health().isPresent()) {
            return record.health().equals(HealthState.HEALTHY.name());
        }
        return record.started().map(started -> !started.plus(spec.update().healthy()).isAfter(Instant.now())).orElse(false);
    }
}
