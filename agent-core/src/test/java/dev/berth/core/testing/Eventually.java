package dev.berth.core.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting in tests, with a bound: a test orders itself on what the code under test did, never on how long it
 * usually takes. Looks often at first (1 ms), then backs off to 50 ms, so a fast condition costs little wall time.
 */
public final class Eventually
{
    private static final long MAX_PAUSE_MILLIS = 50;

    private Eventually() {}

    /** Waits until {@code condition} holds; fails naming {@code what} when it did not within {@code timeout}. */
    public static void eventually(Duration timeout, BooleanSupplier condition, String what)
    {
        eventually(timeout, condition, () -> what);
    }

    /** As above, with the failure's text made only on failure (a log to attach, say). */
    public static void eventually(Duration timeout, BooleanSupplier condition, Supplier<String> what)
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 1;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what.get());
            }
            pause(pause);
            pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
        }
    }

    /**
     * Checks that {@code condition} holds throughout {@code period}: for what must not happen (a process that must
     * stay alive, a file that must not appear), where there is no event to wait for.
     */
    public static void holdsFor(Duration period, BooleanSupplier condition, String what)
    {
        long end = System.nanoTime() + period.toNanos();
        do {
            if (!condition.getAsBoolean()) {
                throw new AssertionError("stopped holding within " + period + ": " + what);
            }
            pause(10);
        }
        while (System.nanoTime() < end);
        if (!condition.getAsBoolean()) {
            throw new AssertionError("stopped holding within " + period + ": " + what);
        }
    }

    private static void pause(long millis)
    {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
