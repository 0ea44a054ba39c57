package dev.berth.node.pressure;

import static java.util.Objects.requireNonNull;

import dev.berth.core.composite.CompositeRuntime;
import dev.berth.core.error.AgentError;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ContainerStats;
import dev.berth.lifecycle.ContainerView;
import dev.berth.lifecycle.ServiceManager;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The node's running containers with their memory and processes from the runtime's stats, for eviction to rank. */
final class RunningContainers
        implements Supplier<List<EvictionCandidate>>
{
    private static final Logger log = LogManager.getLogger(RunningContainers.class);

    private final ServiceManager services;
    private final CompositeRuntime runtime;

    RunningContainers(ServiceManager services, CompositeRuntime runtime)
    {
        this.services = requireNonNull(services, "services is null");
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    @Override
    public List<EvictionCandidate> get()
    {
        List<EvictionCandidate> candidates = new ArrayList<>();
        for (ContainerView container : services.containers()) {
            if (container.state() != ContainerState.RUNNING) {
                continue;
            }
            try {
                ContainerStats stats = runtime.stats(container.id());
                candidates.add(new EvictionCandidate(container.id(), container.service(), stats.memoryBytes(), stats.memoryLimitBytes(), stats.pids()));
            }
            catch (AgentError e) {
                // gone since the listing, or a backend without stats: nothing to rank it by
                log.debug("no stats for {}: {}", container.id(), e.getMessage());
            }
        }
        return candidates;
    }
}
