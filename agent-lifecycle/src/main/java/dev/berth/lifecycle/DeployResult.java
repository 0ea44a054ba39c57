package dev.berth.lifecycle;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.AgentError;

import java.util.List;
import java.util.Optional;

/** Per service: what the deploy did, and the error (failure or placement signal) if it did not run here. */
public record DeployResult(List<Outcome> outcomes)
{
    public DeployResult
    {
        outcomes = List.copyOf(requireNonNull(outcomes, "outcomes is null"));
    }

    public record Outcome(String service, int created, int removed, List<String> containers, Optional<AgentError> error)
    {
        public Outcome
        {
            requireNonNull(service, "service is null");
            containers = List.copyOf(requireNonNull(containers, "containers is null"));
            requireNonNull(error, "error is null");
        }
    }
}
