package dev.berth.oci.monitor;

/**
 * How long to sleep between looks at a file conmon or the runtime writes (the container's pid file after create,
 * conmon's exit file). Short waits are the common case, so the first {@link #FAST_MILLIS} poll every millisecond,
 * as a caller polling by hand would; after that the interval doubles up to {@code maxMillis}, so a long wait costs
 * little. A look is a stat or a small read, a few microseconds.
 */
public final class PollSchedule
{
    static final long FAST_MILLIS = 100;

    private final long maxMillis;
    private final long startNanos;
    private long backoffMillis = 1;

    PollSchedule(long maxMillis, long startNanos)
    {
        if (maxMillis < 1) {
            throw new IllegalArgumentException("maxMillis must be at least 1, not " + maxMillis);
        }
        this.maxMillis = maxMillis;
        this.startNanos = startNanos;
    }

    public static PollSchedule startingNow(long maxMillis)
    {
        return new PollSchedule(maxMillis, System.nanoTime());
    }

    /** The sleep before the next look, given the time now. */
    public long nextSleepMillis(long nowNanos)
    {
        if (nowNanos - startNanos < FAST_MILLIS * 1_000_000) {
            return 1;
        }
        backoffMillis = Math.min(backoffMillis * 2, maxMillis);
        return backoffMillis;
    }
}
