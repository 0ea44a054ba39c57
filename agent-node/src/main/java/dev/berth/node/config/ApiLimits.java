package dev.berth.node.config;

import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.Configuration;

import java.time.Duration;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Bounds on the local API's connections, streams and waits, under {@code agent.api.} and {@code agent.tcp.}: a client
 * that goes away, stalls or never authenticates costs a bounded share of the agent's threads and file descriptors.
 */
public record ApiLimits(Duration idleTimeout, Duration heartbeat, int maxStreams, int maxConnections, int tcpMaxConnections, Duration tcpAuthTimeout)
{
    public static final ConfigKey<Duration> IDLE_TIMEOUT = ConfigKey.duration("agent.api.idle-timeout", Duration.ofSeconds(30),
            "How long a connection may stay silent while a request is read or a response write waits on its client; "
                    + "then it is closed. A stream sends a heartbeat (an empty line) well within it.");
    public static final ConfigKey<Duration> HEARTBEAT = ConfigKey.duration("agent.api.heartbeat", Duration.ofSeconds(5),
            "How often a silent stream (logs -f, events -f, an attached run) sends an empty line, so that a client that "
                    + "went away is noticed; shorter than agent.api.idle-timeout.");
    public static final ConfigKey<Integer> MAX_STREAMS = ConfigKey.integer("agent.api.max-streams", 64,
            "Long-lived API streams open at once (follow, attach, wait); one more is refused with 503. They have threads "
                    + "of their own, so short requests are never starved by streams.");
    public static final ConfigKey<Integer> MAX_CONNECTIONS = ConfigKey.integer("agent.api.max-connections", 512,
            "Connections to the Unix socket at once; beyond it, new ones wait in the kernel until one closes.");
    public static final ConfigKey<Integer> TCP_MAX_CONNECTIONS = ConfigKey.integer("agent.tcp.max-connections", 64,
            "Connections to the TCP port at once; beyond it, new ones wait in the kernel until one closes.");
    public static final ConfigKey<Duration> TCP_AUTH_TIMEOUT = ConfigKey.duration("agent.tcp.auth-timeout", Duration.ofSeconds(5),
            "How long a TCP connection may stay silent before it has sent a request with the right bearer token.");

    public static final List<ConfigKey<?>> KEYS = List.of(IDLE_TIMEOUT, HEARTBEAT, MAX_STREAMS, MAX_CONNECTIONS, TCP_MAX_CONNECTIONS, TCP_AUTH_TIMEOUT);

    public ApiLimits
    {
        requireNonNull(idleTimeout, "idleTimeout is null");
        requireNonNull(heartbeat, "heartbeat is null");
        requireNonNull(tcpAuthTimeout, "tcpAuthTimeout is null");
    }

    /** @throws Configuration naming the key whose value is out of range */
    public static ApiLimits from(ConfigMap config)
    {
        Duration idle = positive(config, IDLE_TIMEOUT);
        Duration heartbeat = positive(config, HEARTBEAT);
        if (heartbeat.compareTo(idle) >= 0) {
            throw new Configuration(HEARTBEAT.name() + ": " + heartbeat + " must be shorter than " + IDLE_TIMEOUT.name() + " (" + idle
                    + "), or silent streams are closed as idle");
        }
        return new ApiLimits(idle, heartbeat, atLeastOne(config, MAX_STREAMS), atLeastOne(config, MAX_CONNECTIONS),
                atLeastOne(config, TCP_MAX_CONNECTIONS), positive(config, TCP_AUTH_TIMEOUT));
    }

    private static Duration positive(ConfigMap config, ConfigKey<Duration> key)
    {
        Duration value = config.get(key);
        if (value.isZero() || value.isNegative()) {
            throw new Configuration(key.name() + ": must be longer than zero");
        }
        return value;
    }

    private static int atLeastOne(ConfigMap config, ConfigKey<Integer> key)
    {
        int value = config.get(key);
        if (value < 1) {
            throw new Configuration(key.name() + ": " + value + " must be at least 1");
        }
        return value;
    }
}
