package dev.berth.node.cluster;

import dev.berth.bridge.Assignment;
import dev.berth.bridge.AssignmentHandler;
import dev.berth.bridge.AssignmentOutcome;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.NotFound;
import dev.berth.lifecycle.DeployResult;
import dev.berth.lifecycle.ServiceDocument;
import dev.berth.lifecycle.ServiceManager;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** Runs what the scheduler assigns to this node through the ServiceManager; placement signals go back as signals. */
public final class LocalAssignments
        implements AssignmentHandler
{
    private static final Logger log = LogManager.getLogger(LocalAssignments.class);

    private final ServiceManager services;

    public LocalAssignments(ServiceManager services)
    {
        this.services = requireNonNull(services, "services is null");
    }

    @Override
    public AssignmentOutcome assigned(Assignment assignment)
    {
        try {
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
        }
        catch (NotFound e) {
            log.debug("unassigned service {} was not here", service);
        }
        catch (AgentError error) {
            log.warn("removing unassigned service {}: {}", service, error.getMessage());
        }
    }
}
