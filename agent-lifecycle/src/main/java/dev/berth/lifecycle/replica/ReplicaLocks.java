package dev.berth.lifecycle.replica;

import static java.util.Objects.requireNonNull;

import dev.berth.core.composite.CompositeRuntime;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.Internal;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The supervisor's {@link ReplicaHandle}s by container id, and how they are locked. A handle retired while a caller
 * waited for it is skipped for the replica's next one. A stop holds its replica's lock while it waits out the grace;
 * {@link #lockOverridingStop} lets a shorter stop or a forced removal end that wait instead of queueing behind it.
 */
final class ReplicaLocks
{
    private static final Logger log = LogManager.getLogger(ReplicaLocks.class);
    /** How often a stop or removal waiting for a replica's lock looks whether a stop in progress must be cut short. */
    private static final Duration OVERRIDE_POLL = Duration.ofMillis(100);

    private final CompositeRuntime runtime;
    private final Map<String, ReplicaHandle> handles = new ConcurrentHashMap<>();

    ReplicaLocks(CompositeRuntime runtime)
    {
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    ReplicaHandle handle(String id)
    {
        return handles.computeIfAbsent(id, ignored -> new ReplicaHandle());
    }

    /** The handle if there is one, without making one; null otherwise. */
    ReplicaHandle existing(String id)
    {
        return handles.get(id);
    }

    /** Forgets a retired handle (a newer handle of the same id stays). */
    void forget(String id, ReplicaHandle handle)
    {
        handles.remove(id, handle);
    }

    /** The replica's current handle, locked; a handle retired while we waited is skipped for the new one. */
    ReplicaHandle lockLive(String id)
    {
        while (true) {
            ReplicaHandle handle = handle(id);
            handle.lock();
            if (!handle.retired()) {
                return handle;
            }
            handle.unlock();
        }
    }

    /**
     * The replica's current handle, locked, as {@link #lockLive}; but when a stop holding it would send SIGKILL later
     * than {@code grace} from now, this sends SIGKILL at that time instead of queueing behind it. The stop in progress
     * then sees the exit and returns: an explicit shorter grace, or a forced removal ({@code grace} zero), is obeyed.
     */
    ReplicaHandle lockOverridingStop(String id, Duration grace)
    {
        long deadline = System.nanoTime() + grace.toNanos();
        boolean killed = false;
        try {
            while (true) {
                ReplicaHandle handle = handle(id);
                while (!handle.tryLock(OVERRIDE_POLL)) {
                    OptionalLong waiting = handle.stopDeadline();
                    if (!killed && waiting.isPresent() && waiting.getAsLong() - deadline > 0 && System.nanoTime() - deadline >= 0) {
                        killed = true;
                        log.info("{}: a stop with a shorter grace, or a forced removal, ends the stop in progress with SIGKILL", id);
                        killQuietly(id);
                    }
                }
                if (!handle.retired()) {
                    return handle;
                }
                handle.unlock();
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Internal("interrupted while waiting to stop container '" + id + "'", e);
        }
    }

    /** The replica's current handle if it is free right now, locked; else null. */
    ReplicaHandle tryLockLive(String id)
    {
        ReplicaHandle handle = handle(id);
        if (!handle.tryLock()) {
            return null;
        }
        if (handle.retired()) {
            handle.unlock();
            return null;
        }
        return handle;
    }

    private void killQuietly(String id)
    {
        try {
            runtime.kill(id, 9);
        }
        catch (AgentError e) {
            log.warn("killing {} to end a stop in progress failed: {}", id, e.getMessage());
        }
    }
}
