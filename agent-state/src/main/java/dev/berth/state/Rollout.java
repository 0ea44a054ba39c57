package dev.berth.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A service's last rolling update as the store keeps it: from which revision to which, how far it got, and why it
 * was rolled back or paused. {@code replicas} are the replicas booted at a revision other than {@code from} (by
 * replica number): a replica not in it runs {@code from}'s spec, so after a crash the agent knows which to replace.
 */
public record Rollout(String service, long from, long to, State state, int replaced, int total, String reason,
        Map<Integer, Long> replicas, Instant updated)
{
    public enum State
    {
        /** Replacing {@code from}'s replicas with {@code to}'s. */
        ROLLING,
        /** Every replica runs {@code to}. */
        DONE,
        /** A new replica failed: replacing {@code to}'s replicas with {@code from}'s again. */
        ROLLING_BACK,
        /** Every replica runs {@code from} again. */
        ROLLED_BACK,
        /** A new replica failed and the spec says pause: left as it was. */
        PAUSED
    }

    public Rollout
    {
        requireNonNull(service, "service is null");
        requireNonNull(state, "state is null");
        requireNonNull(reason, "reason is null");
        replicas = Map.copyOf(requireNonNull(replicas, "replicas is null"));
        requireNonNull(updated, "updated is null");
    }

    /** The revision the service is on (or heading back to): {@code from} while rolling back or after, else {@code to}. */
    public long current()
    {
        return state == State.ROLLING_BACK || state == State.ROLLED_BACK ? from : to;
    }

    /** Whether the update was cut short (by a crash, say) before it settled on a revision. */
    public boolean unsettled()
    {
        return state == State.ROLLING || state == State.ROLLING_BACK;
    }

    public Rollout with(State newState, int newReplaced, String newReason)
    {
        return new Rollout(service, from, to, newState, newReplaced, total, newReason, replicas, Instant.now());
    }

    /** With {@code replica} recorded as booted at {@code revision} ({@code from} takes it out of the map). */
    public Rollout withReplica(int replica, long revision)
    {
        Map<Integer, Long> next = new TreeMap<>(replicas);
        if (revision == from) {
            next.remove(replica);
        }
        else {
            next.put(replica, revision);
        }
        return new Rollout(service, from, to, state, replaced, total, reason, next, Instant.now());
    }
}
