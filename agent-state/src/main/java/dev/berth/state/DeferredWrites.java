package dev.berth.state;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@link DeferredWrite}s waiting for the store's next commit, oldest first. Guarded by its own lock, not the
 * store's, so deferring a write never waits for another thread's commit.
 */
final class DeferredWrites
{
    private static final Logger log = LogManager.getLogger(DeferredWrites.class);

    private final int limit;
    private final ArrayDeque<DeferredWrite> writes = new ArrayDeque<>();
    private long dropped;

    DeferredWrites(int limit)
    {
        this.limit = limit;
    }

    /** Queues {@code write}; history beyond the limit is dropped (a forgotten owner never is). */
    synchronized void add(DeferredWrite write)
    {
        if (write instanceof DeferredWrite.Event event && writes.size() >= limit) {
            if (dropped++ % 1_000 == 0) {
                log.warn("{} deferred writes wait for a commit; event {} for {} not kept in the history", writes.size(),
                        event.event().type(), event.event().subject());
            }
            return;
        }
        writes.add(write);
    }

    /** Everything waiting, now taken for a transaction; {@link #restore} puts it back if that does not commit. */
    synchronized List<DeferredWrite> drain()
    {
        List<DeferredWrite> taken = new ArrayList<>(writes);
        writes.clear();
        return taken;
    }

    /** Puts writes taken by {@link #drain} back ahead of anything deferred since. */
    synchronized void restore(List<DeferredWrite> taken)
    {
        for (int i = taken.size() - 1; i >= 0; i--) {
            writes.addFirst(taken.get(i));
        }
    }

    synchronized boolean isEmpty()
    {
        return writes.isEmpty();
    }

    synchronized Set<String> forgottenOwners()
    {
        return writes.stream().filter(DeferredWrite.ForgetOwner.class::isInstance).map(write -> ((DeferredWrite.ForgetOwner) write).containerId())
                .collect(Collectors.toUnmodifiableSet());
    }
}
