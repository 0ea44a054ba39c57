package dev.berth.core.spec;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When a replica is restarted. Backoff doubles from {@code initialBackoff} up to {@code maxBackoff}; after
 * {@code crashLoopRestarts} restarts inside {@code crashLoopWindow}, the replica is in CrashLoopBackOff and waits
 * {@code crashLoopDelay}. {@code maxAttempts} 0 is unbounded (only meaningful for on-failure).
 */
public record RestartPolicy(
        Mode mode,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        int crashLoopRestarts,
        Duration crashLoopWindow,
        Duration crashLoopDelay)
{
    public enum Mode
    {
        NO("no"),
        ALWAYS("always"),
        ON_FAILURE("on-failure"),
        UNLESS_STOPPED("unless-stopped");

        private final String specName;

        Mode(String specName)
        {
            this.specName = specName;
        }

        public String specName()
        {
            return specName;
        }
    }

    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(1);
    public static final int DEFAULT_CRASH_LOOP_RESTARTS = 5;
    public static final Duration DEFAULT_CRASH_LOOP_WINDOW = Duration.ofMinutes(2);
    public static final Duration DEFAULT_CRASH_LOOP_DELAY = Duration.ofMinutes(5);

    public static final RestartPolicy NEVER = new RestartPolicy(Mode.NO, 0, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF,
            DEFAULT_CRASH_LOOP_RESTARTS, DEFAULT_CRASH_LOOP_WINDOW, DEFAULT_CRASH_LOOP_DELAY);

    public RestartPolicy
    {
        requireNonNull(mode, "mode is null");
        requireNonNull(initialBackoff, "initialBackoff is null");
        requireNonNull(maxBackoff, "maxBackoff is null");
        requireNonNull(crashLoopWindow, "crashLoopWindow is null");
        requireNonNull(crashLoopDelay, "crashLoopDelay is null");
    }

    /**
     * Whether an exit with {@code exitCode} is restarted after {@code attempts} earlier restarts.
     * {@code stoppedByUser} is true when a user stopped the replica.
     */
    public boolean restarts(int exitCode, int attempts, boolean stoppedByUser)
    {
        return switch (mode) {
            case NO -> false;
            case ALWAYS -> true;
            case UNLESS_STOPPED -> !stoppedByUser;
            case ON_FAILURE -> exitCode != 0 && !stoppedByUser && (maxAttempts == 0 || attempts < maxAttempts);
        };
    }

    /** The delay before restart number {@code attempt} (0-based): doubling from the initial backoff, capped. */
    public Duration backoff(int attempt)
    {
        Duration delay = initialBackoff;
        for (int i = 0; i < attempt && delay.compareTo(maxBackoff) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }
}
