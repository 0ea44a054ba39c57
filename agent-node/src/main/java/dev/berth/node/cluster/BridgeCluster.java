package dev.berth.node.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.bridge.BackendInfo;
import dev.berth.bridge.BridgeConfig;
import dev.berth.bridge.Capacity;
import dev.berth.bridge.ClusterService;
import dev.berth.bridge.GpuInventory;
import dev.berth.bridge.NodeState;
import dev.berth.bridge.NodeStatus;
import dev.berth.bridge.SchedulerBridge;
import dev.berth.bridge.ServiceDefinition;
import dev.berth.core.plugin.BackendPlugin;
import dev.berth.lifecycle.ServiceDocument;
import dev.berth.lifecycle.ServiceManager;
import dev.berth.lifecycle.ServiceView;
import dev.berth.node.api.ClusterOperations;
import dev.berth.node.api.ViewJson;
import dev.berth.node.bootstrap.AgentContext;
import dev.berth.node.bootstrap.NodeInfo;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Cluster questions answered by the scheduler bridge ({@code bridge.mode}: embedded by default, or etcd). Services
 * deployed locally with {@code berth deploy} are listed beside the ones submitted to the scheduler.
 */
public final class BridgeCluster
        implements ClusterOperations
{
    private final SchedulerBridge bridge;
    private final ServiceManager services;

    public BridgeCluster(SchedulerBridge bridge, ServiceManager services)
    {
        this.bridge = requireNonNull(bridge, "bridge is null");
        this.services = requireNonNull(services, "services is null");
    }

    /** What this node publishes to the scheduler. */
    public static NodeState self(SchedulerBridge bridge, BridgeConfig config, AgentContext context, NodeInfo info)
    {
        List<BackendInfo> backends = context.selection().active().stream()
                .map((BackendPlugin plugin) -> new BackendInfo(plugin.name(), plugin.servedOs()))
                .toList();
        dev.berth.gpu.inventory.GpuInventory probed = info.gpus();
        GpuInventory gpus = probed.count() == 0 ? GpuInventory.NONE
                : new GpuInventory(probed.count(), probed.devices().get(0).vendor(), probed.model(), probed.devices().get(0).memoryBytes(),
                        Math.max(1, probed.timeSliceReplicas()));
        Capacity capacity = new Capacity(info.cpus() * 1000L, info.memoryBytes());
        String osBuild = context.host().windowsBuild().orElse(context.host().kernel());
        return new NodeState(bridge.nodeId(), config.nodeAddress(), context.host().os(), context.host().arch(), osBuild, backends, gpus,
                capacity, capacity, config.nodeLabels(), NodeStatus.READY, List.of());
    }

    @Override
    public boolean submitsToCluster()
    {
        return bridge.mode().equals(BridgeConfig.ETCD);
    }

    @Override
    public JsonNode submit(String deployment)
    {
        List<ClusterService> submitted = bridge.submit(ServiceDefinition.parseDeployment(deployment));
        ObjectNode result = ViewJson.JSON.createObjectNode();
        result.put("cluster", bridge.mode());
        ArrayNode array = result.putArray("services");
        for (ClusterService service : submitted) {
            ObjectNode node = array.addObject();
            node.put("service", service.name());
            node.put("submitted", true);
            node.put("generation", service.generation());
            node.put("replicas", service.replicas());
            node.put("status", service.phase().name().toLowerCase());
            node.put("message", service.message());
        }
        return result;
    }

    @Override
    public void remove(String service)
    {
        bridge.remove(service);
    }

    @Override
    public JsonNode run(ServiceDocument document, java.time.Duration wait)
    {
        return ClusterRun.run(bridge, document, wait);
    }

    @Override
    public JsonNode drain()
    {
        bridge.drain();
        return entry(self());
    }

    @Override
    public JsonNode undrain()
    {
        bridge.uncordon();
        return entry(self());
    }

    @Override
    public boolean draining()
    {
        return self().status() == NodeStatus.DRAINING;
    }

    private NodeState self()
    {
        return bridge.nodes().stream().filter(node -> node.id().equals(bridge.nodeId())).findFirst()
                .orElseThrow(() -> new dev.berth.core.error.Internal("the scheduler bridge does not list this node (" + bridge.nodeId() + ")"));
    }

    @Override
    public JsonNode nodes()
    {
        ArrayNode array = ViewJson.JSON.createArrayNode();
        bridge.nodes().forEach(node -> array.add(entry(node)));
        return array;
    }

    @Override
    public JsonNode services()
    {
        ArrayNode array = ViewJson.JSON.createArrayNode();
        Set<String> submitted = new HashSet<>();
        for (ClusterService service : bridge.services()) {
            submitted.add(service.name());
            ObjectNode node = array.addObject();
            node.put("name", service.name());
            node.put("replicas", service.replicas());
            node.put("status", service.phase().name().toLowerCase());
            node.put("message", service.message());
            node.put("node", String.join(",", service.placements().keySet()));
            node.put("generation", service.generation());
            node.put("source", "scheduler");
            ObjectNode excluded = node.putObject("excluded");
            service.excluded().forEach(excluded::put);
        }
        for (ServiceView view : services.services()) {
            if (!submitted.contains(view.name())) {
                ObjectNode node = ViewJson.service(view);
                node.put("node", bridge.nodeId());
                node.put("source", "local");
                array.add(node);
            }
        }
        return array;
    }

    private ObjectNode entry(NodeState node)
    {
        ObjectNode entry = ViewJson.JSON.createObjectNode();
        entry.put("name", node.id());
        entry.put("address", node.address());
        entry.put("os", node.os().ociName());
        entry.put("arch", node.arch());
        entry.put("osBuild", node.osBuild());
        entry.put("status", node.status().name().toLowerCase());
        entry.put("backends", String.join(",", node.backends().stream().map(BackendInfo::name).toList()));
        entry.put("cpuMillis", node.capacity().cpuMillis());
        entry.put("memoryBytes", node.capacity().memoryBytes());
        entry.put("gpus", node.gpus().count());
        entry.put("mode", bridge.mode());
        entry.put("scheduler", bridge.schedulerNode().orElse(""));
        return entry;
    }
}
