package dev.berth.bridge.placement;

import dev.berth.core.spec.UpdatePolicy;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A rolling update across nodes: which nodes that run a service at an older generation may be given the current one
 * now. A node given the current generation is in flight until it reports the service running at it (a node's own
 * deploy reports running only once its replicas passed its local health gate); at most {@link UpdatePolicy#batch} nodes
 * are in flight at once, and a node that reported a failure at the current generation (its replicas rolled back
 * there) halts the update: the nodes not yet updated keep the previous spec.
 */
public final class UpdateBatches
{
    private UpdateBatches() {}

    /** The service's update policy; the default for a record that does not read (the planner fails that service alone). */
    public static UpdatePolicy policyOf(ServiceRecord service)
    {
        try {
            return service.definition().spec().update();
        }
        catch (RuntimeException e) {
            return UpdatePolicy.DEFAULT;
        }
    }

    /**
     * @param desired node to replicas, as the planner wants them
     * @param current node to assignment, as the store has them
     * @param reports node to its report on the service
     * @return the nodes whose older assignment may move to {@code generation} in this pass
     */
    public static Set<String> admitted(long generation, UpdatePolicy update, Map<String, Integer> desired, Map<String, AssignmentRecord> current,
            Map<String, NodeReport> reports)
    {
        TreeSet<String> stale = new TreeSet<>();
        int inFlight = 0;
        int updatable = 0;
        for (Map.Entry<String, AssignmentRecord> entry : current.entrySet()) {
            if (!desired.containsKey(entry.getKey())) {
                continue;
            }
            updatable++;
            if (entry.getValue().generation() != generation) {
                stale.add(entry.getKey());
                continue;
            }
            NodeReport report = reports.get(entry.getKey());
            boolean reported = report != null && report.generation() == generation;
            if (reported && report.outcome() == ReportOutcome.FAILED) {
                return Set.of();
            }
            if (!reported || report.outcome() != ReportOutcome.RUNNING) {
                inFlight++;
            }
        }
        int room = update.batch(updatable) - inFlight;
        TreeSet<String> admitted = new TreeSet<>();
        for (String node : stale) {
            if (admitted.size() >= room) {
                break;
            }
            admitted.add(node);
        }
        return Set.copyOf(admitted);
    }
}
