package dev.berth.bridge;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.PlacementSignal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Between the agent and a scheduler. The agent submits services ({@code berth deploy}) and queries the cluster
 * ({@code berth cluster nodes|services}); the scheduler decides which node runs what, and the bridge makes this node
 * run its share through the agent's {@link AssignmentHandler}.
 *
 * <p>Two implementations: {@code embedded} (one node, an in-process scheduler: a service this node cannot host is
 * {@link ServicePhase#FAILED} with the actionable message) and {@code etcd} (a cluster: one elected scheduler,
 * leases, assignments watched by each node). Placement signals ({@code RouteToPeer}, {@code WrongPlatform}) returned
 * by the handler are never failures: the scheduler excludes this node for that service and tries a peer.
 *
 * <p>Lifecycle: construct (Guice: {@code BridgeModules.forConfig(config)}), {@link #start}, use, {@link #close}.
 * Methods that talk to etcd throw {@link dev.berth.core.error.Network} or {@link dev.berth.core.error.Timeout}
 * when it is unreachable; local containers keep running meanwhile and the bridge resyncs when it is back.
 */
public interface SchedulerBridge
        extends AutoCloseable
{
    /** {@code embedded} or {@code etcd}. */
    String mode();

    /**
     * Registers this node and starts applying its assignments through {@code handler}. Returns once registered; in
     * etcd mode it keeps retrying in the background if etcd is unreachable at start.
     */
    void start(NodeState self, AssignmentHandler handler);

    /** Republishes this node's state (capacity, backends, labels changed). The status is kept as the bridge knows it. */
    void update(NodeState self);

    /** This node's id. */
    String nodeId();

    /**
     * Submits services ({@code berth deploy} against the cluster). Each submission increases the service's generation
     * and clears its exclusions. Returns once stored; placement follows asynchronously (see {@link #await}).
     *
     * @throws AgentError when the store cannot be reached
     */
    List<ClusterService> submit(List<ServiceDefinition> services);

    /** Removes a service from the cluster: every node running it stops it. @throws dev.berth.core.error.NotFound */
    void remove(String service);

    /** Every node the cluster knows, with {@link NodeStatus#DOWN} for those whose lease is gone. */
    List<NodeState> nodes();

    /** Every submitted service with its phase, placements and exclusions. */
    List<ClusterService> services();

    /** One service. @throws dev.berth.core.error.NotFound */
    ClusterService service(String name);

    /** Waits until the service is {@link ClusterService#settled() settled} or the timeout passes; returns its latest state. */
    ClusterService await(String service, Duration timeout);

    /** The node the scheduler runs on now, if one is elected. */
    Optional<String> schedulerNode();

    /** Marks this node draining: the scheduler moves its workloads to peers and places nothing new here. */
    void drain();

    /** Makes a drained node ready again. */
    void uncordon();

    /**
     * Reports a placement signal this node met outside an assignment (e.g. {@code berth run} of a service the
     * cluster holds). Same effect as returning {@link AssignmentOutcome.Signalled} from the handler.
     */
    void report(String service, PlacementSignal signal);

    /** Stops the bridge. Local containers are left running; in etcd mode the node's lease is revoked. */
    @Override
    void close();
}
