package dev.berth.node.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.bridge.ClusterService;
import dev.berth.bridge.NodeState;
import dev.berth.bridge.SchedulerBridge;
import dev.berth.bridge.ServiceDefinition;
import dev.berth.bridge.ServicePhase;
import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.RouteToPeer;
import dev.berth.core.spec.OsFamily;
import dev.berth.lifecycle.ServiceDocument;
import dev.berth.node.api.ViewJson;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.util.List;

/**
 * {@code berth run} on a node of a cluster: the service goes to the scheduler like a deploy, and the answer names the
 * node it runs on and that node's address, for the client to follow it there. A service no node can run is removed
 * again and answered with {@link RouteToPeer} carrying the cluster's remedies, so that it does not start later by
 * surprise when a fitting node joins.
 */
final class ClusterRun
{
    private static final Logger log = LogManager.getLogger(ClusterRun.class);

    private ClusterRun() {}

    static JsonNode run(SchedulerBridge bridge, ServiceDocument document, Duration wait)
    {
        ServiceDefinition definition = new ServiceDefinition(document.spec(), (ObjectNode) document.source());
        String name = definition.name();
        bridge.submit(List.of(definition));
        ClusterService status = bridge.await(name, wait);
        if (status.phase() == ServicePhase.FAILED) {
            bridge.remove(name);
            if (status.placements().isEmpty()) {
                String os = document.spec().platform().os().map(OsFamily::ociName).orElse("any");
                throw new RouteToPeer(name, os, status.message());
            }
            throw new CreateFailed(name + ".1", status.message());
        }
        ObjectNode answer = ViewJson.JSON.createObjectNode();
        answer.put("service", name);
        answer.put("id", name + ".1");
        String node = status.placements().isEmpty() ? "" : status.placements().keySet().iterator().next();
        answer.put("node", node);
        answer.put("address", bridge.nodes().stream().filter(state -> state.id().equals(node)).map(NodeState::address).findFirst().orElse(""));
        answer.put("status", status.phase().name().toLowerCase());
        answer.put("message", status.message());
        log.info("berth run of {} through the cluster: {} on node '{}' ({})", name, status.phase(), node, status.message());
        return answer;
    }
}
