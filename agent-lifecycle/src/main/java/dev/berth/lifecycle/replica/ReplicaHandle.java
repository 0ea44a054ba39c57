package dev.berth.lifecycle.replica;

import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The supervisor's in-memory hold on one replica: its lock, its scheduled health check and restart, and a
 * generation that makes a health check scheduled for an earlier incarnation a no-op.
 */
public final class ReplicaHandle
{
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean retired;
    private Future<?> health;
    private Future<?> restart;

    public void lock()
    {
        lock.lock();
    }

    public boolean tryLock()
    {
        return lock.tryLock();
    }

    public void unlock()
    {
        lock.unlock();
    }

    void retire()
    {
        retired = true;
    }

    boolean retired()
    {
        return retired;
    }

    boolean busy()
    {
        return lock.isLocked();
    }

    long generation()
    {
        return generation.get();
    }

    long nextGeneration()
    {
        return generation.incrementAndGet();
    }

    synchronized void health(Future<?> future)
    {
        cancel(health);
        health = future;
    }

    synchronized void restart(Future<?> future)
    {
        cancel(restart);
        restart = future;
    }

    synchronized void cancelAll()
    {
        generation.incrementAndGet();
        cancel(health);
        cancel(restart);
        health = null;
        restart = null;
    }

    private static void cancel(Future<?> future)
    {
        if (future != null) {
            future.cancel(false);
        }
    }
}
