package dev.berth.node.bootstrap;

import com.google.inject.Module;
import dev.berth.core.config.ConfigKey;

import java.util.List;

/**
 * The agent's parts beyond the API: durable state, images, the lifecycle's ServiceManager and the scheduler
 * bridge. Their modules must bind {@link dev.berth.lifecycle.ServiceManager} and {@link dev.berth.image.ImageService};
 * they may read the agent's {@link dev.berth.core.config.ConfigMap}, {@link dev.berth.core.platform.HostPlatform},
 * {@link dev.berth.core.event.EventSink} and the backends' {@code MapBinder<String, RuntimeBackend>}.
 */
public interface AgentComponents
{
    /** Every config key the components read, so that unknown keys can be refused. */
    List<ConfigKey<?>> configKeys();

    List<Module> modules(AgentContext context);
}
