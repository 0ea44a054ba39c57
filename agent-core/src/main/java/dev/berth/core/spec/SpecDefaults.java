package dev.berth.core.spec;

import java.time.Duration;

/** Production defaults for the spec's timing fields, documented in the README's spec reference. */
public final class SpecDefaults
{
    /** How long a replica may take from create to running. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** SIGTERM to SIGKILL. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /**
     * The longest {@code stopGrace} a spec may ask for, and the longest grace a stop may be given: a stop holds the
     * container until it ends. A longer grace stored by an earlier version is cut to this.
     */
    public static final Duration MAX_STOP_GRACE = Duration.ofHours(1);
    public static final Duration DEPENDENCY_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration HEALTH_INTERVAL = Duration.ofSeconds(10);
    public static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);
    public static final int HEALTH_RETRIES = 3;
    public static final Duration HEALTH_START_GRACE = Duration.ZERO;
    public static final Duration INIT_TIMEOUT = Duration.ofSeconds(30);
    public static final int INIT_RETRIES = 3;

    private SpecDefaults() {}
}
