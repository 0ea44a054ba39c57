package dev.berth.node.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import dev.berth.core.config.ConfigKey;
import dev.berth.image.ImageService;
import dev.berth.lifecycle.ServiceManager;

import java.util.List;

/** The components the shipped agent runs with. */
public final class ProductionComponents
        implements AgentComponents
{
    @Override
    public List<ConfigKey<?>> configKeys()
    {
        return List.of();
    }

    @Override
    public List<Module> modules(AgentContext context)
    {
        return List.of(new AbstractModule()
        {
            @Override
            protected void configure()
            {
                bind(ServiceManager.class).toInstance(new UnwiredServiceManager());
                bind(ImageService.class).toInstance(new UnwiredImageService());
            }
        });
    }
}
