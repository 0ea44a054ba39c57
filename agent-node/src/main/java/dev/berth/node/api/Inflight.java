package dev.berth.node.api;

import java.io.Closeable;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts the API operations in progress so a graceful stop can refuse new ones and wait, within a bound, for the
 * rest; follow-streams (logs, events) are ended instead of waited for. Long-lived operations (streams and waits) also
 * take one of a bounded number of stream slots, so that they can never hold every thread short requests need.
 */
public final class Inflight
{
    private final Object lock = new Object();
    private final int maxStreams;
    private final Semaphore slots;
    private final Set<Closeable> streams = ConcurrentHashMap.newKeySet();
    private int running;
    private boolean closing;

    public Inflight(int maxStreams)
    {
        if (maxStreams < 1) {
            throw new IllegalArgumentException("maxStreams must be at least 1");
        }
        this.maxStreams = maxStreams;
        this.slots = new Semaphore(maxStreams);
    }

    /**
     * Takes a stream slot for a long-lived operation; close the slot when the operation ends.
     *
     * @throws Overloaded when every slot is taken
     */
    public Slot openStream(String what)
    {
        if (!slots.tryAcquire()) {
            throw new Overloaded("too many long-lived API streams open (" + maxStreams + ", agent.api.max-streams): " + what
                    + " refused; end a follow (logs -f, events -f) or an attached run, or raise the limit");
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                slots.release();
            }
        };
    }

    /** A stream slot; closing it gives it back (once). */
    public interface Slot
            extends AutoCloseable
    {
        /** For an operation that takes no slot (a read that does not follow). */
        Slot NONE = () -> {};

        @Override
        void close();
    }

    public int maxStreams()
    {
        return maxStreams;
    }

    /** Stream slots in use. */
    public int openStreams()
    {
        return maxStreams - slots.availablePermits();
    }

    /** @return false when the agent is stopping and takes no new operations */
    public boolean enter()
    {
        synchronized (lock) {
            if (closing) {
                return false;
            }
            running++;
            return true;
        }
    }

    public void exit()
    {
        synchronized (lock) {
            running--;
            lock.notifyAll();
        }
    }

    public boolean closing()
    {
        synchronized (lock) {
            return closing;
        }
    }

    public void addStream(Closeable stream)
    {
        streams.add(stream);
    }

    public void removeStream(Closeable stream)
    {
        streams.remove(stream);
    }

    /**
     * Refuses new operations, ends follow-streams, and waits up to {@code bound} for running operations.
     *
     * @return how many were still running when the bound passed
     */
    public int drain(Duration bound)
    {
        synchronized (lock) {
            closing = true;
        }
        for (Closeable stream : streams) {
            try {
                stream.close();
            }
            catch (java.io.IOException | RuntimeException e) {
                // Ending a stream is best effort: its client sees the connection close.
            }
        }
        long deadline = System.nanoTime() + bound.toNanos();
        synchronized (lock) {
            while (running > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return running;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return running;
                }
            }
            return 0;
        }
    }
}
