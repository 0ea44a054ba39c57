package dev.berth.bridge.etcd;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * How long two copies of a service ran at once while one moves: the first copy runs until it stops, the second
 * starts at some point and keeps running. Sampled every 5 ms, so each instant is known to within a sample.
 *
 * @param firstStopped {@link System#nanoTime} at the first sample that saw the first copy stopped
 * @param secondStarted likewise for the second copy running
 */
record Overlap(long firstStopped, long secondStarted)
{
    static Overlap watch(BooleanSupplier firstRuns, BooleanSupplier secondRuns, Duration timeout)
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        long stopped = 0;
        long started = 0;
        while (stopped == 0 || started == 0) {
            long now = System.nanoTime();
            if (stopped == 0 && !firstRuns.getAsBoolean()) {
                stopped = now;
            }
            if (started == 0 && secondRuns.getAsBoolean()) {
                started = now;
            }
            if (now > deadline) {
                throw new AssertionError("within " + timeout + ": " + (stopped == 0 ? "the first copy never stopped" : "")
                        + (stopped == 0 && started == 0 ? " and " : "") + (started == 0 ? "the second copy never started" : ""));
            }
            try {
                Thread.sleep(5);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return new Overlap(stopped, started);
    }

    /** How long both ran: zero when the first stopped before the second started. */
    Duration both()
    {
        return Duration.ofNanos(Math.max(0, firstStopped - secondStarted));
    }
}
