package dev.berth.lifecycle.config;

import static java.util.Objects.requireNonNull;

import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;

import java.time.Duration;
import java.util.List;

/**
 * The lifecycle's configuration, under {@code lifecycle.}. Per-service timeouts (start, health, init, dependency)
 * come from the service spec, with the defaults in {@code SpecDefaults}; these are the agent-wide ones.
 */
public record LifecycleConfig(
        Duration monitorInterval,
        Duration conditionPollInterval,
        Duration readyProbeTimeout,
        boolean stopContainersOnShutdown,
        Duration shutdownGrace,
        boolean removeOrphans,
        int evidenceLogLines,
        int workers)
{
    /** How often the exit monitor lists the runtimes' containers (one list call per backend per tick). */
    public static final ConfigKey<Duration> MONITOR_INTERVAL = ConfigKey.positiveDuration("lifecycle.monitor-interval", Duration.ofSeconds(1),
            "how often running replicas are checked for exits (one runtime list per backend per tick); default 1s");
    public static final ConfigKey<Duration> CONDITION_POLL_INTERVAL = ConfigKey.positiveDuration("lifecycle.condition-poll-interval",
            Duration.ofMillis(250), "how often a start, init step or dependency wait re-checks its condition; default 250ms");
    public static final ConfigKey<Duration> READY_PROBE_TIMEOUT = ConfigKey.duration("lifecycle.ready-probe-timeout", Duration.ofSeconds(1),
            "bound on each port probe of a dependency's ready condition (the dependency's own timeout bounds the whole wait); default 1s");
    public static final ConfigKey<Boolean> STOP_CONTAINERS_ON_SHUTDOWN = ConfigKey.bool("lifecycle.stop-containers-on-shutdown", false,
            "stop every running container when the agent shuts down; default false: containers keep running and the next agent adopts them");
    public static final ConfigKey<Duration> SHUTDOWN_GRACE = ConfigKey.duration("lifecycle.shutdown-grace", Duration.ofSeconds(10),
            "with stop-containers-on-shutdown, how long each container gets after SIGTERM; default 10s");
    public static final ConfigKey<Boolean> REMOVE_ORPHANS = ConfigKey.bool("lifecycle.remove-orphans", false,
            "remove containers the runtime knows but the store does not, at recovery; default false: they are only reported");
    public static final ConfigKey<Integer> EVIDENCE_LOG_LINES = ConfigKey.integer("lifecycle.evidence-log-lines", 20,
            "how many last log lines a timeout error carries; default 20");
    public static final ConfigKey<Integer> WORKERS = ConfigKey.integer("lifecycle.workers", 16,
            "how many replicas boot at once, and the threads that run health checks and restart timers; default 16");

    public static final LifecycleConfig DEFAULTS = from(ConfigMap.empty());

    public LifecycleConfig
    {
        requireNonNull(monitorInterval, "monitorInterval is null");
        requireNonNull(conditionPollInterval, "conditionPollInterval is null");
        requireNonNull(readyProbeTimeout, "readyProbeTimeout is null");
        requireNonNull(shutdownGrace, "shutdownGrace is null");
    }

    public static List<ConfigKey<?>> keys()
    {
        return List.of(MONITOR_INTERVAL, CONDITION_POLL_INTERVAL, READY_PROBE_TIMEOUT, STOP_CONTAINERS_ON_SHUTDOWN, SHUTDOWN_GRACE,
                REMOVE_ORPHANS, EVIDENCE_LOG_LINES, WORKERS);
    }

    public static LifecycleConfig from(ConfigMap config)
    {
        return new LifecycleConfig(config.get(MONITOR_INTERVAL), config.get(CONDITION_POLL_INTERVAL), config.get(READY_PROBE_TIMEOUT),
                config.get(STOP_CONTAINERS_ON_SHUTDOWN), config.get(SHUTDOWN_GRACE), config.get(REMOVE_ORPHANS),
                config.get(EVIDENCE_LOG_LINES), config.get(WORKERS));
    }
}
