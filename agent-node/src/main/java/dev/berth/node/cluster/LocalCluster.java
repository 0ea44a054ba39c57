package dev.berth.node.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.lifecycle.ServiceManager;
import dev.berth.node.api.ClusterOperations;
import dev.berth.node.api.ViewJson;
import dev.berth.node.bootstrap.NodeInfo;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * The single-node answer to cluster questions, used while no scheduler bridge is bound: this node is the whole
 * cluster, a drained node refuses new work with a placement signal, and the services are the local ones.
 */
public final class LocalCluster
        implements ClusterOperations
{
    private static final Logger log = LogManager.getLogger(LocalCluster.class);

    private final NodeInfo info;
    private final ServiceManager services;
    private final AtomicBoolean draining = new AtomicBoolean();

    public LocalCluster(NodeInfo info, ServiceManager services)
    {
        this.info = requireNonNull(info, "info is null");
        this.services = requireNonNull(services, "services is null");
    }

    @Override
    public JsonNode drain()
    {
        if (!draining.getAndSet(true)) {
            log.info("node {} drained: new work is refused", info.hostname());
        }
        return entry();
    }

    @Override
    public JsonNode undrain()
    {
        if (draining.getAndSet(false)) {
            log.info("node {} takes work again", info.hostname());
        }
        return entry();
    }

    @Override
    public boolean draining()
    {
        return draining.get();
    }

    @Override
    public JsonNode nodes()
    {
        ArrayNode nodes = ViewJson.JSON.createArrayNode();
        nodes.add(entry());
        return nodes;
    }

    @Override
    public JsonNode services()
    {
        ArrayNode array = ViewJson.JSON.createArrayNode();
        services.services().forEach(view -> array.add(ViewJson.service(view).put("node", info.hostname())));
        return array;
    }

    private ObjectNode entry()
    {
        ObjectNode node = ViewJson.JSON.createObjectNode();
        node.put("name", info.hostname());
        node.put("os", info.host().os().ociName());
        node.put("arch", info.host().arch());
        node.put("status", draining.get() ? "draining" : "ready");
        node.put("backends", String.join(",", info.activeBackends()));
        node.put("mode", "embedded");
        return node;
    }
}
