package dev.berth.node.api;

import java.io.Closeable;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the API operations in progress so a graceful stop can refuse new ones and wait, within a bound, for the
 * rest; follow-streams (logs, events) are ended instead of waited for.
 */
public final class Inflight
{
    private final Object lock = new Object();
    private final Set<Closeable> streams = ConcurrentHashMap.newKeySet();
    private int running;
    private boolean closing;

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
