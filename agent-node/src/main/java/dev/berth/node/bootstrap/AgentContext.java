package dev.berth.node.bootstrap;

import dev.berth.core.config.ConfigMap;
import dev.berth.core.platform.HostPlatform;
import dev.berth.node.config.AgentConfig;
import dev.berth.node.marker.MarkerOutcome;

import static java.util.Objects.requireNonNull;

/** What the agent knows before its injector exists: config, host, and whether its predecessor crashed. */
public record AgentContext(ConfigMap config, AgentConfig agent, HostPlatform host, MarkerOutcome marker)
{
    public AgentContext
    {
        requireNonNull(config, "config is null");
        requireNonNull(agent, "agent is null");
        requireNonNull(host, "host is null");
        requireNonNull(marker, "marker is null");
    }
}
