package dev.berth.bridge.etcd;

import static java.util.Objects.requireNonNull;

import dev.berth.bridge.Assignment;
import dev.berth.bridge.AssignmentHandler;
import dev.berth.bridge.AssignmentOutcome;
import dev.berth.bridge.ServiceDefinition;
import dev.berth.bridge.placement.AssignmentRecord;
import dev.berth.bridge.placement.NodeReport;
import dev.berth.bridge.placement.ReportOutcome;
import dev.berth.bridge.placement.ServiceRecord;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.Internal;
import dev.berth.core.spec.ClusterPolicy;
import io.etcd.jetcd.KeyValue;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * Makes this node run what is assigned to it. Each pass reads the node's whole assignment prefix (one consistent
 * read), applies what changed through the {@link AssignmentHandler} and unassigns what is gone, then reports the
 * outcome. An assignment is applied again only when its epoch (the key's mod revision) changes, so an old
 * assignment is never re-applied over a newer one. When etcd is unreachable a pass fails and changes nothing here;
 * once the node has been cut off for {@code fence-after}, {@link #fence} stops what may be running elsewhere by then,
 * and nothing is applied until the lease is renewed: only what etcd still assigns here then runs again.
 *
 * <p>Not thread-safe: the bridge runs every pass on its one apply thread.
 */
final class AssignmentReconciler
{
    private static final Logger log = LogManager.getLogger(AssignmentReconciler.class);

    private final EtcdStore store;
    private final ClusterKeys keys;
    private final String nodeId;
    private final AssignmentHandler handler;
    private final BooleanSupplier fenced;
    private final Map<String, Applied> applied = new HashMap<>();
    private final Map<String, NodeReport> unsent = new LinkedHashMap<>();
    /** What may run here from before this bridge started, until it is applied again or unassigned. */
    private final Map<String, String> inherited = new TreeMap<>();
    /** Stopped by the fence: applied again if still assigned here, else its report is taken back. */
    private final Set<String> stoppedByFence = new TreeSet<>();
    /** Kept running through the current fence, so each is logged once. */
    private final Set<String> keptWhileFenced = new TreeSet<>();
    private boolean adopted;

    AssignmentReconciler(EtcdStore store, ClusterKeys keys, String nodeId, AssignmentHandler handler, BooleanSupplier fenced)
    {
        this.fenced = requireNonNull(fenced, "fenced is null");
        this.store = requireNonNull(store, "store is null");
        this.keys = requireNonNull(keys, "keys is null");
        this.nodeId = requireNonNull(nodeId, "nodeId is null");
        this.handler = requireNonNull(handler, "handler is null");
    }

    /** One reconcile pass. @throws AgentError when etcd cannot be read; nothing local changed then */
    void pass()
    {
        List<AgentError> stopFailures = new ArrayList<>();
        flushReports();
        Map<String, KeyValue> desired = new TreeMap<>();
        for (KeyValue kv : store.prefix(keys.assignmentsOf(nodeId)).getKvs()) {
            desired.put(JsonCodec.text(kv.getKey()).substring(keys.assignmentsOf(nodeId).length()), kv);
        }
        if (!adopted) {
            adopt();
        }
        for (Map.Entry<String, String> entry : Map.copyOf(inherited).entrySet()) {
            if (!desired.containsKey(entry.getKey())) {
                log.info("service {} ran on node {} ({}) but is no longer assigned to it: stopping it", entry.getKey(), nodeId,
                        entry.getValue());
                if (!stop(entry.getKey(), stopFailures)) {
                    continue;
                }
                // the report is this node's claim; nobody else removes it, so it is forgotten only once it is gone
                store.delete(keys.report(entry.getKey(), nodeId));
                inherited.remove(entry.getKey());
            }
        }
        for (String service : Set.copyOf(applied.keySet())) {
            if (!desired.containsKey(service)) {
                Applied gone = applied.get(service);
                log.info("service {} was unassigned from node {} (epoch {}): stopping it", service, nodeId, gone.epoch);
                // forgotten only once stopped: a stop that fails is tried again on the next pass
                if (!stop(service, stopFailures)) {
                    continue;
                }
                if (gone.outcome != ReportOutcome.SIGNAL) {
                    store.delete(keys.report(service, nodeId));
                }
                applied.remove(service);
            }
        }
        for (String service : Set.copyOf(stoppedByFence)) {
            if (!desired.containsKey(service)) {
                store.delete(keys.report(service, nodeId));
                stoppedByFence.remove(service);
            }
        }
        if (fenced.getAsBoolean()) {
            log.debug("node {} is fenced: nothing is applied until its lease is renewed", nodeId);
        }
        else {
            keptWhileFenced.clear();
            for (Map.Entry<String, KeyValue> entry : desired.entrySet()) {
                apply(entry.getKey(), entry.getValue());
            }
        }
        if (!stopFailures.isEmpty()) {
            // after everything else was applied: one service that will not stop holds up no other
            throw stopFailures.get(0);
        }
    }

    /**
     * The node has been cut off etcd for fence-after: stops every service applied here but those whose spec says
     * {@code cluster.onDisconnect: keep}. Only cluster services are known here; local containers are never touched.
     * A stop that fails leaves the service applied, for the next call.
     */
    void fence()
    {
        if (!adopted) {
            // cut off since before this bridge could read etcd: what the agent ran from before may be placed elsewhere
            for (String service : handler.hosted()) {
                if (applied.containsKey(service) || stoppedByFence.contains(service)) {
                    continue;
                }
                if (handler.keepOnDisconnect(service)) {
                    if (keptWhileFenced.add(service)) {
                        log.info("node {} is fenced but keeps service {} running (cluster.onDisconnect: keep)", nodeId, service);
                    }
                    continue;
                }
                log.warn("node {} is fenced before it could reach etcd: stopping service {}, which it ran before", nodeId, service);
                if (stop(service, new ArrayList<>())) {
                    stoppedByFence.add(service);
                }
            }
        }
        for (Map.Entry<String, Applied> entry : Map.copyOf(applied).entrySet()) {
            String service = entry.getKey();
            Applied current = entry.getValue();
            if (current.outcome() == ReportOutcome.SIGNAL) {
                continue; // answered with a placement signal: nothing of it runs here
            }
            if (current.onDisconnect() == ClusterPolicy.OnDisconnect.KEEP) {
                if (keptWhileFenced.add(service)) {
                    log.info("node {} is fenced but keeps service {} running (cluster.onDisconnect: keep)", nodeId, service);
                }
                continue;
            }
            log.warn("node {} is fenced: stopping service {} (epoch {})", nodeId, service, current.epoch());
            try {
                handler.unassigned(service);
            }
            catch (AgentError e) {
                log.warn("stopping fenced service {} on node {} failed: {}; trying again", service, nodeId, e.getMessage());
                continue;
            }
            applied.remove(service);
            stoppedByFence.add(service);
        }
    }

    /** @return whether the service stopped; a failure is kept for the end of the pass, and the service stays known */
    private boolean stop(String service, List<AgentError> failures)
    {
        try {
            handler.unassigned(service);
            return true;
        }
        catch (AgentError e) {
            log.warn("stopping service {} on node {} failed: {}; trying again on the next pass", service, nodeId, e.getMessage());
            failures.add(e);
            return false;
        }
    }

    /**
     * After a (re)start: what this node may still run from before, to stop unless it is assigned here again. That is
     * what the agent says it hosts, plus every service this node last reported running or failed; the latter covers
     * an agent that cannot tell its cluster services apart.
     */
    private void adopt()
    {
        Map<String, String> found = new TreeMap<>();
        handler.hosted().forEach(service -> found.put(service, "the agent hosts it"));
        for (KeyValue kv : store.prefix(keys.reports()).getKvs()) {
            String key = JsonCodec.text(kv.getKey());
            if (key.endsWith("/" + nodeId)) {
                NodeReport report = JsonCodec.decode(kv.getValue(), NodeReport.class, key);
                if (report.outcome() != ReportOutcome.SIGNAL) {
                    found.putIfAbsent(report.service(), "this node last reported it " + report.outcome().name().toLowerCase());
                }
            }
        }
        inherited.putAll(found);
        adopted = true;
    }

    Set<String> applied()
    {
        return Set.copyOf(applied.keySet());
    }

    /** Records a signal met outside an assignment, for the service's current generation. */
    void report(String service, AssignmentOutcome outcome)
    {
        Optional<KeyValue> kv = store.get(keys.service(service));
        if (kv.isEmpty()) {
            throw new dev.berth.core.error.NotFound(service, "the cluster holds no such service");
        }
        ServiceRecord record = JsonCodec.decode(kv.get().getValue(), ServiceRecord.class, keys.service(service));
        send(NodeReport.of(service, nodeId, record.generation(), outcome));
    }

    private void apply(String service, KeyValue kv)
    {
        long epoch = kv.getModRevision();
        Applied current = applied.get(service);
        if (current != null && current.epoch >= epoch) {
            return;
        }
        AssignmentRecord record = JsonCodec.decode(kv.getValue(), AssignmentRecord.class, JsonCodec.text(kv.getKey()));
        Optional<KeyValue> serviceKv = store.get(keys.service(service));
        if (serviceKv.isEmpty()) {
            return; // removed meanwhile; the scheduler deletes the assignment next
        }
        ServiceRecord serviceRecord = JsonCodec.decode(serviceKv.get().getValue(), ServiceRecord.class, keys.service(service));
        if (serviceRecord.generation() != record.generation()) {
            return; // re-submitted meanwhile; the scheduler rewrites the assignment next
        }
        AssignmentOutcome outcome;
        try {
            ServiceDefinition definition = serviceRecord.definition().withReplicas(record.replicas());
            log.info("node {} applies service {} generation {} epoch {}: {} replica(s)", nodeId, service, record.generation(),
                    epoch, record.replicas());
            outcome = handler.assigned(new Assignment(definition, record.replicas(), record.generation(), epoch));
        }
        catch (AgentError e) {
            outcome = AssignmentOutcome.of(e);
        }
        catch (RuntimeException e) {
            outcome = AssignmentOutcome.of(new Internal("the agent failed applying service " + service + ": " + e, e));
        }
        NodeReport report = NodeReport.of(service, nodeId, record.generation(), outcome);
        applied.put(service, new Applied(epoch, report.outcome(), serviceRecord.definition().spec().cluster().onDisconnect()));
        inherited.remove(service);
        stoppedByFence.remove(service);
        if (report.outcome() == ReportOutcome.SIGNAL) {
            log.info("node {} cannot host service {}: {} ({}); asking the scheduler for a peer", nodeId, service, report.code(),
                    report.reason());
        }
        send(report);
    }

    private void send(NodeReport report)
    {
        unsent.put(report.service(), report);
        flushReports();
    }

    private void flushReports()
    {
        for (NodeReport report : Map.copyOf(unsent).values()) {
            store.put(keys.report(report.service(), nodeId), report);
            unsent.remove(report.service());
        }
    }

    private record Applied(long epoch, ReportOutcome outcome, ClusterPolicy.OnDisconnect onDisconnect) {}
}
