package dev.berth.bridge.placement;

import dev.berth.bridge.ClusterService;
import dev.berth.bridge.NodeState;
import dev.berth.bridge.NodeStatus;
import dev.berth.bridge.PlacementMessages;
import dev.berth.bridge.ServicePhase;
import dev.berth.core.composite.PlatformFit;
import dev.berth.core.error.AgentError;
import dev.berth.core.spec.OsFamily;
import dev.berth.core.spec.ServiceSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides which node runs how many replicas of each service. Pure: the same snapshot gives the same plan.
 *
 * <p>A node is a candidate for a service when it is alive and ready, did not answer this generation with a placement
 * signal, and {@link NodeFit fits} it. Existing assignments on candidates are kept (no needless moves); the missing
 * replicas go one by one to the candidate with the fewest replicas of the service (spreading), then one that holds
 * the service's image already (no pull; the status message says so), then the node the service was submitted
 * through, then the least loaded, with room left for the replica. When no node can run it the
 * service is {@link ServicePhase#FAILED} with {@link PlacementMessages#noPeer}; when candidates exist but lack room it is
 * {@link ServicePhase#PENDING}.
 */
public final class Planner
{
    public Plan plan(ClusterSnapshot snapshot)
    {
        Map<String, NodeLoad> loads = new HashMap<>();
        snapshot.members().forEach((id, node) -> loads.put(id, new NodeLoad(node)));
        List<Decision> decisions = new ArrayList<>();
        for (ServiceRecord record : new TreeMap<>(snapshot.services()).values()) {
            decisions.add(keep(snapshot, record, loads));
        }
        Map<String, Map<String, Integer>> assignments = new TreeMap<>();
        Map<String, ClusterService> statuses = new TreeMap<>();
        Map<String, Set<String>> heldImage = new TreeMap<>();
        for (Decision decision : decisions) {
            if (decision.spec != null) {
                fill(snapshot, decision, loads);
            }
            assignments.put(decision.record.name(), Map.copyOf(decision.placed));
            statuses.put(decision.record.name(), status(snapshot, decision, loads));
            heldImage.put(decision.record.name(), Set.copyOf(decision.cached));
        }
        return new Plan(assignments, statuses, heldImage);
    }

    private static Decision keep(ClusterSnapshot snapshot, ServiceRecord record, Map<String, NodeLoad> loads)
    {
        Decision decision = new Decision(record);
        try {
            decision.spec = record.definition().spec();
        }
        catch (AgentError e) {
            decision.invalid = e.getMessage();
            return decision;
        }
        catch (RuntimeException e) {
            // a stored record no submit could have written (by hand, or a newer version): this service only is invalid
            decision.invalid = "the stored service record does not read: " + e.getMessage();
            return decision;
        }
        decision.excluded = new TreeMap<>();
        Optional<OsFamily> learned = Optional.empty();
        for (NodeReport report : new TreeMap<>(snapshot.reportsOf(record.name())).values()) {
            if (report.generation() == record.generation() && report.outcome() == ReportOutcome.SIGNAL) {
                decision.excluded.put(report.node(), withoutRemedies(report.reason()));
                if (learned.isEmpty()) {
                    learned = OsFamily.fromOciName(report.requiredOs());
                }
                if (decision.arch.isEmpty() && !report.requiredArch().isEmpty()) {
                    decision.arch = Optional.of(report.requiredArch());
                }
            }
        }
        decision.os = NodeFit.specOs(decision.spec).isPresent() ? NodeFit.specOs(decision.spec) : learned;
        int remaining = decision.spec.replicas();
        for (AssignmentRecord current : new TreeMap<>(snapshot.assignmentsOf(record.name())).values()) {
            if (remaining == 0) {
                break;
            }
            if (candidate(snapshot, decision, current.node()).isEmpty()) {
                int count = Math.min(current.replicas(), remaining);
                decision.placed.put(current.node(), count);
                loads.get(current.node()).add(decision.spec, count);
                if (current.heldImage() && current.generation() == record.generation()) {
                    decision.cached.add(current.node());
                }
                remaining -= count;
            }
        }
        return decision;
    }

    private static void fill(ClusterSnapshot snapshot, Decision decision, Map<String, NodeLoad> loads)
    {
        int missing = decision.spec.replicas() - decision.placed.values().stream().mapToInt(Integer::intValue).sum();
        List<String> candidates = snapshot.members().keySet().stream()
                .filter(id -> candidate(snapshot, decision, id).isEmpty())
                .sorted()
                .toList();
        for (int i = 0; i < missing; i++) {
            Optional<String> best = candidates.stream()
                    .filter(id -> loads.get(id).fits(decision.spec))
                    .min(Comparator.<String>comparingInt(id -> decision.placed.getOrDefault(id, 0))
                            .thenComparing(id -> !snapshot.members().get(id).holds(decision.spec.image()))
                            .thenComparing(id -> !id.equals(decision.record.submittedBy()))
                            .thenComparingInt(id -> loads.get(id).replicas())
                            .thenComparing(Comparator.naturalOrder()));
            if (best.isEmpty()) {
                return;
            }
            decision.placed.merge(best.get(), 1, Integer::sum);
            loads.get(best.get()).add(decision.spec, 1);
            if (snapshot.members().get(best.get()).holds(decision.spec.image())) {
                decision.cached.add(best.get());
            }
        }
    }

    /** Why {@code nodeId} is no candidate for the decision's service, or empty when it is one. */
    private static Optional<String> candidate(ClusterSnapshot snapshot, Decision decision, String nodeId)
    {
        NodeState node = snapshot.members().get(nodeId);
        if (node == null || !snapshot.alive().contains(nodeId)) {
            return Optional.of("down");
        }
        if (node.status() != NodeStatus.READY) {
            return Optional.of(node.status().name().toLowerCase());
        }
        String excluded = decision.excluded.get(nodeId);
        if (excluded != null) {
            return Optional.of("answered " + excluded);
        }
        Optional<String> misfit = NodeFit.misfit(node, decision.spec, decision.os);
        if (misfit.isEmpty() && decision.arch.isPresent() && !NodeFit.servesArch(node, decision.arch.get())) {
            // learned from a node's WrongPlatform: no need to try every node of the architecture it already is
            return Optional.of("it is " + node.arch() + ", the image is for " + decision.arch.get().replace("|", " or "));
        }
        return misfit;
    }

    private static ClusterService status(ClusterSnapshot snapshot, Decision decision, Map<String, NodeLoad> loads)
    {
        ServiceRecord record = decision.record;
        Map<String, String> excluded = decision.excluded == null ? Map.of() : decision.excluded;
        if (decision.spec == null) {
            return new ClusterService(record.name(), record.generation(), 0, ServicePhase.FAILED,
                    "the stored spec is invalid: " + decision.invalid, Map.of(), excluded, record.submittedBy());
        }
        int want = decision.spec.replicas();
        int placed = decision.placed.values().stream().mapToInt(Integer::intValue).sum();
        ServicePhase phase;
        String message;
        if (placed == want) {
            List<String> failures = new ArrayList<>();
            boolean allRunning = true;
            for (String node : decision.placed.keySet()) {
                NodeReport report = snapshot.reportsOf(record.name()).get(node);
                boolean current = report != null && report.generation() == record.generation();
                if (current && report.outcome() == ReportOutcome.FAILED) {
                    failures.add("node '" + node + "': " + report.code() + ": " + report.reason());
                }
                allRunning &= current && report.outcome() == ReportOutcome.RUNNING;
            }
            phase = !failures.isEmpty() ? ServicePhase.FAILED : allRunning ? ServicePhase.RUNNING : ServicePhase.PLACED;
            message = failures.isEmpty() ? placed + " of " + want + " replicas placed" + cachedNote(decision) : String.join("; ", failures);
        }
        else {
            Map<String, String> whyNot = new LinkedHashMap<>();
            boolean anyCandidate = false;
            for (String id : new TreeMap<>(snapshot.members()).keySet()) {
                Optional<String> reason = candidate(snapshot, decision, id);
                if (reason.isEmpty()) {
                    anyCandidate = true;
                    whyNot.put(id, "full (" + loads.get(id).describe() + ")");
                }
                else {
                    whyNot.put(id, reason.get());
                }
            }
            if (anyCandidate) {
                phase = ServicePhase.PENDING;
                message = placed + " of " + want + " replicas placed, waiting for room: " + describe(whyNot);
            }
            else {
                phase = ServicePhase.FAILED;
                message = noPeer(snapshot, decision, whyNot);
            }
        }
        return new ClusterService(record.name(), record.generation(), want, phase, message, decision.placed, excluded,
                record.submittedBy());
    }

    private static String noPeer(ClusterSnapshot snapshot, Decision decision, Map<String, String> whyNot)
    {
        String name = decision.record.name();
        if (decision.os.isEmpty()) {
            String reason = whyNot.isEmpty() ? "the cluster has no node" : describe(whyNot);
            return "no cluster node can run service '" + name + "': " + reason;
        }
        OsFamily os = decision.os.get();
        Map<String, String> relevant = new LinkedHashMap<>();
        whyNot.forEach((id, reason) -> {
            if (snapshot.members().get(id).servedOs().contains(os) || decision.excluded.containsKey(id)) {
                relevant.put(id, reason);
            }
        });
        String reason = relevant.isEmpty() ? "no node in the cluster serves " + os + " workloads" : describe(relevant);
        Optional<String> arch = decision.arch.or(() -> decision.spec.platform().arch().map(PlatformFit::normalArch));
        boolean archMissing = relevant.values().stream().anyMatch(why -> why.startsWith("it is ") || why.contains("built for architecture"));
        if (arch.isPresent() && archMissing) {
            // nodes serve the OS: the architecture is what is missing
            return PlacementMessages.noPeerOfArch(name, os.ociName(), arch.get(), reason);
        }
        return PlacementMessages.noPeer(name, os.ociName(), reason);
    }

    private static String describe(Map<String, String> reasons)
    {
        List<String> parts = new ArrayList<>();
        reasons.forEach((id, reason) -> parts.add("node '" + id + "' " + (reason.equals("down") || reason.equals("draining")
                ? "is " + reason : reason.startsWith("answered") || reason.startsWith("full") ? reason : "cannot: " + reason)));
        return String.join("; ", parts);
    }

    private static String cachedNote(Decision decision)
    {
        if (decision.cached.isEmpty()) {
            return "";
        }
        List<String> nodes = decision.cached.stream().map(id -> "'" + id + "'").toList();
        return "; node" + (nodes.size() == 1 ? " " : "s ") + String.join(", ", nodes) + (nodes.size() == 1 ? " holds" : " hold")
                + " the image already, so no pull";
    }

    /** A node's reason may end in its own remedies; the cluster message states the cluster's instead. */
    private static String withoutRemedies(String reason)
    {
        int remedies = reason.indexOf(". Remed");
        return remedies < 0 ? reason : reason.substring(0, remedies);
    }

    private static final class Decision
    {
        private final ServiceRecord record;
        private final Map<String, Integer> placed = new TreeMap<>();
        private ServiceSpec spec;
        private String invalid;
        private Map<String, String> excluded;
        private Optional<OsFamily> os = Optional.empty();
        /** The architectures the image offers, learned from a node's signal, {@code |}-separated. */
        private Optional<String> arch = Optional.empty();
        /** Nodes given a replica in this plan because they hold the image: the placement reason says so. */
        private final Set<String> cached = new TreeSet<>();

        private Decision(ServiceRecord record)
        {
            this.record = record;
        }
    }
}
