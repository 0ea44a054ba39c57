package dev.berth.node.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.event.AgentEvent;
import dev.berth.lifecycle.ServiceManager;
import dev.berth.node.bootstrap.NodeInfo;
import dev.berth.node.event.EventHub;
import dev.berth.node.metrics.AgentMetrics;
import dev.berth.node.pressure.NodeConditions;

import java.io.Closeable;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/** {@code /v1/ping}, {@code /v1/node}, {@code /v1/cluster/...}, {@code /v1/events} and {@code /metrics}. */
public final class NodeEndpoints
{
    private final NodeInfo info;
    private final ServiceManager services;
    private final ClusterOperations cluster;
    private final EventHub events;
    private final AgentMetrics metrics;
    private final Inflight inflight;
    private final NodeConditions conditions;

    public NodeEndpoints(NodeInfo info, ServiceManager services, ClusterOperations cluster, EventHub events, AgentMetrics metrics, Inflight inflight)
    {
        this(info, services, cluster, events, metrics, inflight, NodeConditions.NONE);
    }

    public NodeEndpoints(NodeInfo info, ServiceManager services, ClusterOperations cluster, EventHub events, AgentMetrics metrics, Inflight inflight,
            NodeConditions conditions)
    {
        this.info = requireNonNull(info, "info is null");
        this.services = requireNonNull(services, "services is null");
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.events = requireNonNull(events, "events is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.inflight = requireNonNull(inflight, "inflight is null");
        this.conditions = requireNonNull(conditions, "conditions is null");
    }

    boolean handle(String method, List<String> path, Exchange exchange)
    {
        String route = method + " " + String.join("/", path);
        if (method.equals("DELETE") && path.size() == 3 && path.get(0).equals("cluster") && path.get(1).equals("services")) {
            // a berth run through the cluster with --rm, once it has followed the container to its end
            cluster.remove(path.get(2));
            exchange.json(200, ViewJson.JSON.createObjectNode().put("removed", path.get(2)));
            return true;
        }
        switch (route) {
            case "GET ping" -> exchange.json(200, ViewJson.JSON.createObjectNode().put("status", "ready").put("version", info.version()));
            case "GET node" -> exchange.json(200, node());
            case "POST node/drain" -> exchange.json(200, cluster.drain());
            case "POST node/undrain" -> exchange.json(200, cluster.undrain());
            case "GET cluster/nodes" -> exchange.json(200, cluster.nodes());
            case "GET cluster/services" -> exchange.json(200, cluster.services());
            case "GET events" -> events(exchange);
            default -> {
                return false;
            }
        }
        return true;
    }

    public ObjectNode node()
    {
        ObjectNode node = info.toJson();
        node.put("draining", cluster.draining());
        node.set("recovery", ViewJson.recovery(services.lastRecovery()));
        conditions.disk().ifPresent(disk -> node.set("disk", ConditionsJson.disk(disk)));
        node.set("pressure", ConditionsJson.pressure(conditions.conditions(), conditions.evictions()));
        return node;
    }

    void metrics(Exchange exchange)
    {
        exchange.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape(services::containers, conditions));
    }

    private void events(Exchange exchange)
    {
        boolean follow = exchange.flag("follow");
        AtomicBoolean closed = new AtomicBoolean();
        Closeable stop = () -> closed.set(true);
        try (Inflight.Slot slot = follow ? inflight.openStream("events -f") : Inflight.Slot.NONE) {
            BlockingQueue<AgentEvent> queue = follow ? events.follow() : null;
            try (JsonLines lines = exchange.stream(200)) {
                for (AgentEvent event : events.recent()) {
                    lines.write(ViewJson.event(event));
                }
                if (!follow) {
                    return;
                }
                inflight.addStream(stop);
                lines.onClientGone(stop);
                while (!closed.get() && !inflight.closing()) {
                    AgentEvent event = queue.poll(500, TimeUnit.MILLISECONDS);
                    if (event != null && !lines.write(ViewJson.event(event))) {
                        break;
                    }
                }
            }
            finally {
                if (queue != null) {
                    events.unfollow(queue);
                }
                inflight.removeStream(stop);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
