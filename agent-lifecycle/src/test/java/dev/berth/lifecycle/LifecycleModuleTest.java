package dev.berth.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.Stage;
import com.google.inject.name.Names;
import dev.berth.core.composite.BackendSelector;
import dev.berth.core.composite.CompositeRuntime;
import dev.berth.core.composite.OwnershipStore;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.event.EventSink;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.spec.OsFamily;
import dev.berth.lifecycle.testing.TestingLifecycleBackend;
import dev.berth.state.StateModule;
import dev.berth.state.StateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** The modules wire up in the agent's way: production stage, explicit bindings only. */
class LifecycleModuleTest
{
    @TempDir
    Path dataDir;

    @Test
    void modulesBindAStartedServiceManagerOverTheDurableOwnershipRecord()
    {
        TestingLifecycleBackend backend = new TestingLifecycleBackend();
        Injector injector = Guice.createInjector(Stage.PRODUCTION, new StateModule(), new LifecycleModule(), new AbstractModule()
        {
            @Override
            protected void configure()
            {
                binder().requireExplicitBindings();
                binder().disableCircularProxies();
                bind(Path.class).annotatedWith(Names.named(StateModule.DATA_DIR)).toInstance(dataDir);
                bind(ConfigMap.class).toInstance(ConfigMap.empty());
                bind(EventSink.class).toInstance(EventSink.DISCARD);
            }

            @Provides
            @Singleton
            CompositeRuntime runtime(OwnershipStore ownership)
            {
                return new CompositeRuntime(Map.of(backend.name(), backend),
                        new BackendSelector(HostPlatform.linux("amd64"), Map.of(backend.name(), Set.of(OsFamily.LINUX)), Map.of()), ownership);
            }
        });
        ServiceManager manager = injector.getInstance(ServiceManager.class);
        try {
            assertThat(manager).isSameAs(injector.getInstance(DefaultServiceManager.class));
            assertThat(manager.lastRecovery()).isNotSameAs(RecoveryReport.NONE);
            manager.run(dev.berth.lifecycle.testing.LifecycleHarness.document("{name: job, image: busybox:test, args: [sleep]}"));
            assertThat(injector.getInstance(StateStore.class).owners()).containsEntry("job.1", TestingLifecycleBackend.NAME);
            assertThat(LifecycleModule.configKeys()).extracting(key -> key.name()).allMatch(name -> name.startsWith("lifecycle."));
        }
        finally {
            ((DefaultServiceManager) manager).close();
            injector.getInstance(StateStore.class).close();
        }
    }
}
