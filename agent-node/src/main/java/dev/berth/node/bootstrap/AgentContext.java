package dev.berth.node.bootstrap;

import dev.berth.core.config.ConfigMap;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.plugin.BackendDiscovery;
import dev.berth.core.plugin.BackendPlugin;
import dev.berth.node.config.AgentConfig;
import dev.berth.node.marker.MarkerOutcome;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What the agent knows before its injector exists: config, host, every backend plugin found and the ones chosen,
 * and whether its predecessor crashed.
 */
public record AgentContext(
        ConfigMap config,
        AgentConfig agent,
        HostPlatform host,
        List<BackendPlugin> plugins,
        BackendDiscovery.Selection selection,
        MarkerOutcome marker)
{
    public AgentContext
    {
        requireNonNull(config, "config is null");
        requireNonNull(agent, "agent is null");
        requireNonNull(host, "host is null");
        plugins = List.copyOf(requireNonNull(plugins, "plugins is null"));
        requireNonNull(selection, "selection is null");
        requireNonNull(marker, "marker is null");
    }
}
