package dev.berth.node.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.name.Names;
import dev.berth.bridge.BridgeConfig;
import dev.berth.bridge.BridgeModules;
import dev.berth.bridge.SchedulerBridge;
import dev.berth.node.api.ClusterOperations;
import dev.berth.bridge.NodeState;
import dev.berth.node.cluster.BridgeCluster;
import dev.berth.node.cluster.HeldImagesPublisher;
import dev.berth.node.cluster.ClusterLedger;
import dev.berth.node.cluster.LocalAssignments;
import dev.berth.core.composite.BackendSelector;
import dev.berth.core.composite.CompositeRuntime;
import dev.berth.core.composite.OwnershipStore;
import dev.berth.core.config.ConfigKey;
import dev.berth.core.plugin.BackendBinder;
import dev.berth.core.plugin.BackendPlugin;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.spec.OsFamily;
import dev.berth.image.DefaultImageService;
import dev.berth.image.gc.CollectingImageService;
import dev.berth.image.gc.ImageGarbageCollector;
import dev.berth.image.gc.ImageGcConfig;
import dev.berth.image.gc.UsageProbe;
import dev.berth.node.images.ImagesInUse;
import dev.berth.node.pressure.NodeConditions;
import dev.berth.node.pressure.PressureModule;
import dev.berth.node.pressure.PressureMonitor;
import com.google.inject.Provider;
import dev.berth.image.ImageModule;
import dev.berth.image.ImageStoreConfig;
import dev.berth.node.images.LocalFirstImageService;
import com.google.inject.util.Modules;
import dev.berth.image.ImageService;
import dev.berth.lifecycle.LifecycleModule;
import dev.berth.lifecycle.ServiceManager;
import dev.berth.state.StateModule;
import dev.berth.state.StateStore;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The components the shipped agent runs with: agent-state, agent-image, agent-lifecycle over the composite runtime. */
public final class ProductionComponents
        implements AgentComponents
{
    /** Made once the bridge has started, closed before it. */
    private HeldImagesPublisher heldImages;

    @Override
    public List<ConfigKey<?>> configKeys()
    {
        List<ConfigKey<?>> keys = new ArrayList<>();
        keys.addAll(StateModule.configKeys());
        keys.addAll(ImageModule.configKeys());
        keys.addAll(LifecycleModule.configKeys());
        keys.addAll(BridgeConfig.configKeys());
        keys.addAll(PressureModule.configKeys());
        return keys;
    }

    @Override
    public List<Module> modules(AgentContext context)
    {
        return List.of(
                new CompositeModule(context),
                new StateModule(),
                Modules.override(new ImageModule(context.config(), context.host())).with(new LocalFirstImagesModule(context)),
                new LifecycleModule(),
                BridgeModules.forConfig(context.config()),
                new ClusterModule(context),
                new PressureModule(context.config()));
    }

    @Override
    public void started(Injector injector, NodeInfo info)
    {
        SchedulerBridge bridge = injector.getInstance(SchedulerBridge.class);
        AgentContext context = injector.getInstance(AgentContext.class);
        BridgeConfig config = injector.getInstance(BridgeConfig.class);
        ImageService images = injector.getInstance(ImageService.class);
        NodeState self = BridgeCluster.self(bridge, config, context, info).withImages(HeldImagesPublisher.heldNow(images));
        bridge.start(self, new LocalAssignments(injector.getInstance(ServiceManager.class), new ClusterLedger(context.agent().dataDir()),
                injector.getInstance(NodeConditions.class)));
        heldImages = new HeldImagesPublisher(bridge, self, images, config.resyncInterval());
        injector.getInstance(PressureMonitor.class).start();
    }

    @Override
    public List<AutoCloseable> closeables(Injector injector)
    {
        // The lifecycle first (it stops its health checks and monitors), then images, then the store it writes to.
        List<AutoCloseable> closeables = new ArrayList<>();
        if (heldImages != null) {
            closeables.add(heldImages);
        }
        // The bridge first: in etcd mode it revokes this node's lease; containers keep running.
        closeables.add(injector.getInstance(SchedulerBridge.class));
        closeables.add(injector.getInstance(PressureMonitor.class));
        addIfCloseable(closeables, injector.getInstance(ServiceManager.class));
        addIfCloseable(closeables, injector.getInstance(ImageService.class));
        closeables.add(injector.getInstance(StateStore.class));
        return closeables;
    }

    private static void addIfCloseable(List<AutoCloseable> closeables, Object component)
    {
        if (component instanceof AutoCloseable closeable) {
            closeables.add(closeable);
        }
    }

    /** Cluster questions go to the scheduler bridge. */
    private static final class ClusterModule
            extends AbstractModule
    {
        private final AgentContext context;

        ClusterModule(AgentContext context)
        {
            this.context = context;
        }

        @Override
        protected void configure()
        {
            bind(AgentContext.class).toInstance(context);
        }

        @Provides
        @Singleton
        ClusterOperations cluster(SchedulerBridge bridge, ServiceManager services)
        {
            return new BridgeCluster(bridge, services);
        }
    }

    /**
     * Containers use a stored image as it is and pull only a missing one; {@code berth pull} always pulls. Both go
     * through the image collector, which reads what containers use through a provider: the ServiceManager is built
     * on the backends, which are built on the image service.
     */
    private static final class LocalFirstImagesModule
            extends AbstractModule
    {
        private final AgentContext context;

        LocalFirstImagesModule(AgentContext context)
        {
            this.context = context;
        }

        @Provides
        @Singleton
        DefaultImageService store(ImageStoreConfig config)
        {
            return new DefaultImageService(config, context.host());
        }

        @Provides
        @Singleton
        ImageGarbageCollector collector(ImageStoreConfig config, DefaultImageService store, Provider<ServiceManager> services)
        {
            return new ImageGarbageCollector(store, ImageGcConfig.from(context.config()), () -> ImagesInUse.of(services.get(), store),
                    UsageProbe.of(config.root()), Clock.systemUTC());
        }

        @Provides
        @Singleton
        LocalFirstImageService localFirst(DefaultImageService store, ImageGarbageCollector collector)
        {
            return new LocalFirstImageService(new CollectingImageService(store, collector));
        }

        @Provides
        @Singleton
        ImageService imageService(LocalFirstImageService localFirst)
        {
            return localFirst;
        }
    }

    /** The data dir for the store, the backends' map, and the composite runtime that routes between them. */
    private static final class CompositeModule
            extends AbstractModule
    {
        private final AgentContext context;

        CompositeModule(AgentContext context)
        {
            this.context = context;
        }

        @Override
        protected void configure()
        {
            bind(Path.class).annotatedWith(Names.named(StateModule.DATA_DIR)).toInstance(context.agent().dataDir());
            // Declares the map even when no plugin binds into it, so the composite fails with a clear reason instead.
            BackendBinder.backends(binder());
        }

        @Provides
        @Singleton
        CompositeRuntime compositeRuntime(Map<String, RuntimeBackend> backends, OwnershipStore ownership)
        {
            Map<String, RuntimeBackend> ordered = new LinkedHashMap<>();
            Map<String, Set<OsFamily>> active = new LinkedHashMap<>();
            for (BackendPlugin plugin : context.selection().active()) {
                RuntimeBackend backend = backends.get(plugin.name());
                if (backend != null) {
                    ordered.put(plugin.name(), backend);
                    active.put(plugin.name(), backend.servedOs());
                }
            }
            Map<String, Set<OsFamily>> known = new LinkedHashMap<>();
            context.plugins().forEach(plugin -> known.put(plugin.name(), plugin.servedOs()));
            return new CompositeRuntime(ordered, new BackendSelector(context.host(), active, known), ownership);
        }
    }
}
