package dev.berth.bridge.embedded;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import dev.berth.bridge.Assignment;
import dev.berth.bridge.AssignmentHandler;
import dev.berth.bridge.AssignmentOutcome;
import dev.berth.bridge.BridgeConfig;
import dev.berth.bridge.ClusterService;
import dev.berth.bridge.NodeState;
import dev.berth.bridge.NodeStatus;
import dev.berth.bridge.SchedulerBridge;
import dev.berth.bridge.ServiceDefinition;
import dev.berth.bridge.placement.AssignmentRecord;
import dev.berth.bridge.placement.ClusterSnapshot;
import dev.berth.bridge.placement.NodeReport;
import dev.berth.bridge.placement.Plan;
import dev.berth.bridge.placement.Planner;
import dev.berth.bridge.placement.ReportOutcome;
import dev.berth.bridge.placement.ServiceRecord;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.Configuration;
import dev.berth.core.error.Internal;
import dev.berth.core.error.NotFound;
import dev.berth.core.error.PlacementSignal;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * This node alone, with the planner in-process: a submitted service is placed here at once (the handler runs in
 * {@link #submit}), and one this node cannot host (a placement signal, or a spec no backend here serves) is
 * {@link dev.berth.bridge.ServicePhase#FAILED} with the actionable message, since there is no peer to try.
 */
public final class EmbeddedSchedulerBridge
        implements SchedulerBridge
{
    private static final Logger log = LogManager.getLogger(EmbeddedSchedulerBridge.class);
    /** Planning and applying converge in two rounds (apply, then a signal's exclusion); a few more are harmless. */
    private static final int MAX_ROUNDS = 4;

    private final BridgeConfig config;
    private final Planner planner = new Planner();
    private final Map<String, ServiceRecord> services = new TreeMap<>();
    private final Map<String, AssignmentRecord> assignments = new TreeMap<>();
    private final Map<String, NodeReport> reports = new TreeMap<>();
    private final Map<String, ClusterService> statuses = new TreeMap<>();
    private NodeState self;
    private AssignmentHandler handler;
    private long revision;

    @Inject
    public EmbeddedSchedulerBridge(BridgeConfig config)
    {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    public String mode()
    {
        return BridgeConfig.EMBEDDED;
    }

    @Override
    public String nodeId()
    {
        return config.nodeId();
    }

    @Override
    public synchronized void start(NodeState node, AssignmentHandler assignmentHandler)
    {
        requireNonNull(node, "node is null");
        if (!node.id().equals(config.nodeId())) {
            throw new Configuration(BridgeConfig.NODE_ID.name() + " is \"" + config.nodeId() + "\" but the node state says \"" + node.id() + "\"");
        }
        this.self = node.withStatus(NodeStatus.READY);
        this.handler = requireNonNull(assignmentHandler, "assignmentHandler is null");
        log.info("embedded scheduler started on node {}", node.id());
    }

    @Override
    public synchronized void update(NodeState node)
    {
        started();
        self = node.withStatus(self.status());
        reconcile();
    }

    @Override
    public synchronized List<ClusterService> submit(List<ServiceDefinition> definitions)
    {
        started();
        for (ServiceDefinition definition : definitions) {
            long generation = Optional.ofNullable(services.get(definition.name())).map(ServiceRecord::generation).orElse(0L) + 1;
            services.put(definition.name(), new ServiceRecord(definition.name(), generation, definition.source(), self.id()));
        }
        reconcile();
        return definitions.stream().map(definition -> service(definition.name())).toList();
    }

    @Override
    public synchronized void remove(String service)
    {
        started();
        if (services.remove(service) == null) {
            throw new NotFound(service, "no such service was submitted");
        }
        reconcile();
    }

    @Override
    public synchronized List<NodeState> nodes()
    {
        return self == null ? List.of() : List.of(self);
    }

    @Override
    public synchronized List<ClusterService> services()
    {
        return List.copyOf(statuses.values());
    }

    @Override
    public synchronized ClusterService service(String name)
    {
        ClusterService status = statuses.get(name);
        if (status == null) {
            throw new NotFound(name, "no such service was submitted");
        }
        return status;
    }

    /** Placement is synchronous here: the state is already settled as far as it will be. */
    @Override
    public ClusterService await(String service, Duration timeout)
    {
        return service(service);
    }

    @Override
    public synchronized Optional<String> schedulerNode()
    {
        return Optional.ofNullable(self).map(NodeState::id);
    }

    @Override
    public synchronized void drain()
    {
        started();
        self = self.withStatus(NodeStatus.DRAINING);
        reconcile();
    }

    @Override
    public synchronized void uncordon()
    {
        started();
        self = self.withStatus(NodeStatus.READY);
        reconcile();
    }

    @Override
    public synchronized void report(String service, PlacementSignal signal)
    {
        started();
        ServiceRecord record = services.get(service);
        if (record == null) {
            throw new NotFound(service, "no such service was submitted");
        }
        reports.put(service, NodeReport.of(service, self.id(), record.generation(), AssignmentOutcome.of(signal.asError())));
        reconcile();
    }

    @Override
    public void close()
    {
        log.info("embedded scheduler on node {} stopped", config.nodeId());
    }

    private void reconcile()
    {
        List<AgentError> stopFailures = new ArrayList<>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Plan plan = planner.plan(snapshot());
            statuses.clear();
            statuses.putAll(plan.statuses());
            if (!apply(plan, stopFailures)) {
                break;
            }
        }
        if (!stopFailures.isEmpty()) {
            // the caller learns that a stop failed; the assignment stays, so the next reconcile asks again
            throw stopFailures.get(0);
        }
    }

    /** @return whether anything changed here */
    private boolean apply(Plan plan, List<AgentError> stopFailures)
    {
        boolean changed = false;
        for (String service : List.copyOf(assignments.keySet())) {
            if (plan.assignments().getOrDefault(service, Map.of()).getOrDefault(self.id(), 0) == 0) {
                // forgotten only once stopped: a stop that fails is tried again by the next reconcile
                try {
                    handler.unassigned(service);
                }
                catch (AgentError e) {
                    log.warn("stopping service {} failed: {}; trying again at the next change", service, e.getMessage());
                    stopFailures.add(e);
                    continue;
                }
                assignments.remove(service);
                if (reports.containsKey(service) && reports.get(service).outcome() != ReportOutcome.SIGNAL) {
                    reports.remove(service);
                }
                if (!services.containsKey(service)) {
                    reports.remove(service);
                }
                changed = true;
            }
        }
        for (Map.Entry<String, Map<String, Integer>> entry : plan.assignments().entrySet()) {
            int replicas = entry.getValue().getOrDefault(self.id(), 0);
            ServiceRecord record = services.get(entry.getKey());
            AssignmentRecord current = assignments.get(entry.getKey());
            if (replicas == 0 || (current != null && current.replicas() == replicas && current.generation() == record.generation())) {
                continue;
            }
            revision++;
            assignments.put(record.name(), new AssignmentRecord(record.name(), self.id(), replicas, record.generation()));
            reports.put(record.name(), NodeReport.of(record.name(), self.id(), record.generation(), assign(record, replicas)));
            changed = true;
        }
        return changed;
    }

    private AssignmentOutcome assign(ServiceRecord record, int replicas)
    {
        try {
            ServiceDefinition definition = record.definition().withReplicas(replicas);
            return handler.assigned(new Assignment(definition, replicas, record.generation(), revision));
        }
        catch (AgentError e) {
            return AssignmentOutcome.of(e);
        }
        catch (RuntimeException e) {
            return AssignmentOutcome.of(new Internal("the agent failed applying service " + record.name() + ": " + e, e));
        }
    }

    private ClusterSnapshot snapshot()
    {
        Map<String, Map<String, AssignmentRecord>> byService = new HashMap<>();
        assignments.forEach((service, record) -> byService.put(service, Map.of(self.id(), record)));
        Map<String, Map<String, NodeReport>> reportsByService = new HashMap<>();
        reports.forEach((service, report) -> reportsByService.put(service, Map.of(self.id(), report)));
        return new ClusterSnapshot(revision, Map.of(self.id(), self), Set.of(self.id()),
                services, byService, reportsByService);
    }

    private void started()
    {
        if (self == null) {
            throw new IllegalStateException("the bridge is not started");
        }
    }
}
