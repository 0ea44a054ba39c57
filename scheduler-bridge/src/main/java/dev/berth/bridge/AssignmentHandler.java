package dev.berth.bridge;

import java.util.Set;

/**
 * What the agent implements so the bridge can make this node run what the scheduler assigned to it. The bridge calls
 * it from one thread of its own, one call at a time, so an implementation may block (pull, create, start).
 *
 * <p>In agent-node this is wired to {@code ServiceManager}: {@link #assigned} deploys
 * {@code new ServiceDocument(a.service().spec(), a.service().source())} and maps the deploy's outcome with
 * {@link AssignmentOutcome#of}; {@link #unassigned} stops and removes the service's containers.
 */
public interface AssignmentHandler
{
    /**
     * Brings this node's replicas of the service to {@code assignment.replicas()} (the spec already carries that
     * count). Called again when the count, the generation or the epoch changes.
     *
     * @return what happened; a placement signal must be returned as {@link AssignmentOutcome.Signalled}, never thrown
     *         as a failure
     */
    AssignmentOutcome assigned(Assignment assignment);

    /**
     * The service is no longer assigned here (moved, removed, or this node was drained): stop and remove it here.
     *
     * @throws dev.berth.core.error.AgentError when it could not be stopped; the bridge keeps the assignment and asks again
     */
    void unassigned(String service);

    /**
     * The cluster services this node runs now, so that after a restart or a lost session the bridge can stop those
     * that were moved away. Names only; the default is none.
     */
    default Set<String> hosted()
    {
        return Set.of();
    }

    /**
     * Whether a service {@link #hosted} here from before the bridge started asks to be kept running when this node is
     * cut off etcd ({@code cluster.onDisconnect: keep} in its spec). Asked only for services the bridge has not
     * applied since it started, when the node is fenced before it could reach etcd. The default is no: stop it.
     */
    default boolean keepOnDisconnect(String service)
    {
        return false;
    }
}
