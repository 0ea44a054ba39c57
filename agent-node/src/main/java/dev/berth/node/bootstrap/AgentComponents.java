package dev.berth.node.bootstrap;

import com.google.inject.Injector;
import com.google.inject.Module;
import dev.berth.core.config.ConfigKey;

import java.util.List;

/**
 * The agent's parts beyond the API: durable state, images, the lifecycle's ServiceManager and the scheduler
 * bridge. Their modules must bind {@link dev.berth.lifecycle.ServiceManager}, {@link dev.berth.image.ImageService} and
 * {@link dev.berth.node.pressure.NodeConditions};
 * they may use what {@link AgentModule} binds.
 */
public interface AgentComponents
{
    /** Every config key the components read, so that unknown keys can be refused. */
    List<ConfigKey<?>> configKeys();

    List<Module> modules(AgentContext context);

    /** Called once the API serves: starts what runs beside it (the scheduler bridge). */
    default void started(Injector injector, NodeInfo info) {}

    /** What to close at a graceful stop, in order, after the API has stopped. */
    List<AutoCloseable> closeables(Injector injector);
}
