package dev.berth.node.cluster;

import dev.berth.bridge.Assignment;
import dev.berth.bridge.AssignmentHandler;
import dev.berth.bridge.AssignmentOutcome;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.NotFound;
import dev.berth.core.spec.ClusterPolicy;
import dev.berth.lifecycle.DeployResult;
import dev.berth.lifecycle.ServiceDocument;
import dev.berth.lifecycle.ServiceManager;
import dev.berth.lifecycle.ServiceView;
import dev.berth.node.pressure.NodeConditions;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/** Runs what the scheduler assigns to this node through the ServiceManager; placement signals go back as signals. */
public final class LocalAssignments
        implements AssignmentHandler
{
    private static final Logger log = LogManager.getLogger(LocalAssignments.class);

    private final ServiceManager services;
    private final ClusterLedger ledger;
    private final NodeConditions conditions;

    public LocalAssignments(ServiceManager services, ClusterLedger ledger)
    {
        this(services, ledger, NodeConditions.NONE);
    }

    public LocalAssignments(ServiceManager services, ClusterLedger ledger, NodeConditions conditions)
    {
        this.services = requireNonNull(services, "services is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.conditions = requireNonNull(conditions, "conditions is null");
    }

    @Override
    public AssignmentOutcome assigned(Assignment assignment)
    {
        try {
            // under memory or pid pressure a service new to this node goes back to the scheduler; one it runs stays
            String name = assignment.service().name();
            if (services.services().stream().noneMatch(view -> view.name().equals(name))) {
                conditions.admit(name);
            }
            // Recorded before the deploy: a crash half-way must still let a restart stop what was moved away.
            ledger.add(assignment.service().name(), assignment.service().spec().cluster().onDisconnect() == ClusterPolicy.OnDisconnect.KEEP);
            DeployResult result = services.deploy(List.of(new ServiceDocument(assignment.service().spec(), assignment.service().source())));
            for (DeployResult.Outcome outcome : result.outcomes()) {
                if (outcome.error().isPresent()) {
                    return AssignmentOutcome.of(outcome.error().get());
                }
            }
            return AssignmentOutcome.running(assignment.replicas());
        }
        catch (AgentError error) {
            return AssignmentOutcome.of(error);
        }
    }

    @Override
    public void unassigned(String service)
    {
        try {
            services.remove(service, true);
            ledger.remove(service);
        }
        catch (NotFound e) {
            log.debug("unassigned service {} was not here", service);
            ledger.remove(service);
        }
        catch (AgentError error) {
            // Kept in the ledger, and thrown: the bridge asks again (and the next restart would too).
            log.warn("removing unassigned service {}: {}", service, error.getMessage());
            throw error;
        }
    }

    /** From the ledger: an agent restarted while cut off etcd cannot read the spec from the cluster. */
    @Override
    public boolean keepOnDisconnect(String service)
    {
        return ledger.keeps(service);
    }

    /** Cluster services (handed here by the scheduler) this node still has; services run locally are never listed. */
    @Override
    public Set<String> hosted()
    {
        Set<String> cluster = ledger.names();
        if (cluster.isEmpty()) {
            return Set.of();
        }
        try {
            return services.services().stream().map(ServiceView::name).filter(cluster::contains).collect(Collectors.toUnmodifiableSet());
        }
        catch (AgentError error) {
            log.warn("listing services for the scheduler bridge: {}; reporting every cluster service handed here", error.getMessage());
            return cluster;
        }
    }
}
