package dev.berth.lifecycle.replica;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The supervisor's in-memory hold on one replica: its lock, its scheduled health check and restart, a generation
 * that makes a health check scheduled for an earlier incarnation a no-op, and the deadline of a stop in progress (so
 * that a shorter stop or a forced removal can cut it short instead of queueing behind it).
 */
public final class ReplicaHandle
{
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean retired;
    private volatile OptionalLong stopDeadline = OptionalLong.empty();
    private volatile boolean userStopUnsaved;
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

    /** @return whether the lock was taken within {@code timeout} */
    boolean tryLock(Duration timeout)
            throws InterruptedException
    {
        return lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The holder of the lock is stopping the container, and sends SIGKILL at {@code deadline} ({@link System#nanoTime()}). */
    void stopping(long deadline)
    {
        stopDeadline = OptionalLong.of(deadline);
    }

    void stopDone()
    {
        stopDeadline = OptionalLong.empty();
    }

    /** The user stopped the replica, but the store could not record it: its exit must start no restart. */
    void markUserStopUnsaved()
    {
        userStopUnsaved = true;
    }

    boolean userStopUnsaved()
    {
        return userStopUnsaved;
    }

    /** When the stop that holds the lock sends SIGKILL, if a stop holds it. */
    OptionalLong stopDeadline()
    {
        return stopDeadline;
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
