package dev.berth.node.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.event.EventSink;
import dev.berth.core.platform.HostPlatform;
import dev.berth.image.ImageService;
import dev.berth.lifecycle.ServiceManager;
import dev.berth.node.api.ApiHandler;
import dev.berth.node.api.ApiServer;
import dev.berth.node.api.ClusterOperations;
import dev.berth.node.api.ContainerEndpoints;
import dev.berth.node.api.ImageEndpoints;
import dev.berth.node.api.Inflight;
import dev.berth.node.api.NodeEndpoints;
import dev.berth.node.config.AgentConfig;
import dev.berth.node.event.EventHub;
import dev.berth.node.metrics.AgentMetrics;
import dev.berth.node.metrics.MeteredEventSink;
import dev.berth.node.pressure.NodeConditions;

import static java.util.Objects.requireNonNull;

/** The agent process's own bindings: config, host, events, metrics and the API. */
public final class AgentModule
        extends AbstractModule
{
    private final AgentContext context;
    private final NodeInfo info;

    public AgentModule(AgentContext context, NodeInfo info)
    {
        this.context = requireNonNull(context, "context is null");
        this.info = requireNonNull(info, "info is null");
    }

    @Override
    protected void configure()
    {
        binder().requireExplicitBindings();
        binder().disableCircularProxies();
        bind(ConfigMap.class).toInstance(context.config());
        bind(AgentConfig.class).toInstance(context.agent());
        bind(HostPlatform.class).toInstance(context.host());
        bind(NodeInfo.class).toInstance(info);
        bind(EventHub.class).in(Singleton.class);
        bind(EventSink.class).to(MeteredEventSink.class);
        bind(MeteredEventSink.class).in(Singleton.class);
        bind(AgentMetrics.class).in(Singleton.class);
        bind(Inflight.class).toInstance(new Inflight(context.agent().api().maxStreams()));
    }

    @Provides
    @Singleton
    ApiServer apiServer(ServiceManager services, ImageService images, ClusterOperations cluster, EventHub events, AgentMetrics metrics, Inflight inflight,
            NodeConditions conditions)
    {
        ApiHandler handler = new ApiHandler(
                new ContainerEndpoints(services, metrics, cluster, inflight, conditions),
                new ImageEndpoints(images instanceof dev.berth.node.images.LocalFirstImageService localFirst ? localFirst.registry() : images, services, metrics),
                new NodeEndpoints(info, services, cluster, events, metrics, inflight, conditions),
                inflight,
                context.agent().tcpToken(),
                context.agent().api());
        return new ApiServer(context.agent(), handler, inflight);
    }
}
