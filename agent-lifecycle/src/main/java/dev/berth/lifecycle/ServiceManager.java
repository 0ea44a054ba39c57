package dev.berth.lifecycle;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.NotFound;
import dev.berth.core.runtime.ExecRequest;
import dev.berth.core.runtime.ExecResult;
import dev.berth.core.runtime.ExitStatus;
import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.LogReader;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the agent does with services and containers, for the API to expose: deploy, run, inspect, stop, remove,
 * logs and exec, with records kept durably. A name resolves to a container id first, then to a service with a
 * single container. Unknown names are {@link NotFound}.
 *
 * <p>A container that fails to create, start or init stays listed as FAILED with its reason until
 * {@link #remove} deletes it.
 */
public interface ServiceManager
{
    /** Deploys services in dependency order; scaling changes only the difference. */
    DeployResult deploy(List<ServiceDocument> services);

    /**
     * Runs one service's single container now ({@code berth run}) and returns once it is running, or once it is
     * recorded as failed.
     *
     * @throws AgentError a placement signal when this node cannot host it, else the failure (the record is kept)
     */
    ContainerView run(ServiceDocument service);

    List<ContainerView> containers();

    List<ServiceView> services();

    ContainerView inspect(String nameOrId);

    /** Stops the container (or every container of the service), marking it stopped by the user. */
    List<ContainerView> stop(String nameOrId, Optional<Duration> grace);

    /** Deletes the record and the runtime's container; a running one only with {@code force}. */
    void remove(String nameOrId, boolean force);

    ExitStatus wait(String nameOrId, Duration timeout);

    LogReader logs(String nameOrId, LogOptions options);

    ExecResult exec(String nameOrId, ExecRequest request);

    /** The report of the recovery run at this agent's start. */
    RecoveryReport lastRecovery();
}
