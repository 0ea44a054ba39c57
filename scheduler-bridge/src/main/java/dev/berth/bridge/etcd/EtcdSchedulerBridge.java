package dev.berth.bridge.etcd;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import dev.berth.bridge.AssignmentHandler;
import dev.berth.bridge.BridgeConfig;
import dev.berth.bridge.ClusterService;
import dev.berth.bridge.NodeState;
import dev.berth.bridge.NodeStatus;
import dev.berth.bridge.SchedulerBridge;
import dev.berth.bridge.ServiceDefinition;
import dev.berth.core.error.Configuration;
import dev.berth.core.error.PlacementSignal;
import io.etcd.jetcd.Client;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The cluster bridge on etcd v3: registers this node under a lease, campaigns for the scheduler, watches the cluster
 * and applies this node's assignments through the agent's {@link AssignmentHandler}. See {@link ClusterKeys} for
 * the layout. When etcd goes away nothing is stopped at first; the session, watches and state are re-established when
 * it returns, and a full resync runs every {@code bridge.etcd.resync-interval} in any case. A node that cannot renew
 * its lease for {@code bridge.etcd.fence-after} stops its cluster workloads ({@link DisconnectFence}), but for those
 * whose spec says {@code cluster.onDisconnect: keep}.
 *
 * <p>This class wires the parts and owns the timer: {@link NodeSession} keeps the lease and membership,
 * {@link ClusterScheduler} places services while this node leads, {@link ClusterWatch} turns etcd changes into
 * passes and scheduling rounds, and {@link AssignmentApplier} runs this node's assignment passes on one thread.
 */
public final class EtcdSchedulerBridge
        implements SchedulerBridge
{
    private static final Logger log = LogManager.getLogger(EtcdSchedulerBridge.class);

    private final BridgeConfig config;
    private final ClusterKeys keys;
    private final Client client;
    private final EtcdStore store;
    private final ClusterQueries queries;
    private final ScheduledExecutorService timer;
    private final AssignmentApplier applier;
    private final ClusterWatch clusterWatch;
    private final DisconnectFence fence;
    private volatile NodeSession session;
    private volatile ClusterScheduler scheduler;
    private volatile boolean closed;

    @Inject
    public EtcdSchedulerBridge(BridgeConfig config)
    {
        this.config = requireNonNull(config, "config is null");
        this.keys = new ClusterKeys(config.prefix());
        this.client = EtcdClients.create(config);
        this.store = new EtcdStore(client, config.requestTimeout());
        this.queries = new ClusterQueries(store, keys);
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("bridge-timer-" + config.nodeId()));
        this.applier = new AssignmentApplier(Executors.newSingleThreadScheduledExecutor(daemon("bridge-apply-" + config.nodeId())), config.nodeId(),
                config.requestTimeout(), () -> closed);
        this.clusterWatch = new ClusterWatch(client, keys, config.nodeId(), applier::requestPass, this::triggerScheduler);
        this.fence = new DisconnectFence(Executors.newSingleThreadScheduledExecutor(daemon("bridge-fence-" + config.nodeId())), config.nodeId(),
                config.fenceAfter(), () -> session == null ? Optional.empty() : session.renewal(), applier::fence);
    }

    @Override
    public String mode()
    {
        return BridgeConfig.ETCD;
    }

    @Override
    public String nodeId()
    {
        return config.nodeId();
    }

    @Override
    public synchronized void start(NodeState self, AssignmentHandler handler)
    {
        requireNonNull(self, "self is null");
        requireNonNull(handler, "handler is null");
        if (!self.id().equals(config.nodeId())) {
            throw new Configuration(BridgeConfig.NODE_ID.name() + " is \"" + config.nodeId() + "\" but the node state says \"" + self.id() + "\"");
        }
        if (session != null) {
            throw new IllegalStateException("the bridge is already started");
        }
        applier.attach(new AssignmentReconciler(store, keys, self.id(), handler, fence::fenced));
        session = new NodeSession(store, keys, config.leaseTtl(), config.fenceAfter(), timer, self.withStatus(NodeStatus.READY), lease -> {
            triggerScheduler();
            applier.requestPass();
        });
        scheduler = new ClusterScheduler(store, keys, self.id(), () -> session.lease(), config.resyncInterval(), new ClusterScheduler.Leadership()
        {
            @Override
            public void started()
            {
                clusterWatch.startLeading();
            }

            @Override
            public void stopped()
            {
                clusterWatch.stopLeading();
            }
        });
        watch();
        if (!session.start()) {
            log.warn("etcd at {} is unreachable; node {} keeps trying to join the cluster", config.endpoints(), self.id());
        }
        scheduler.start();
        fence.start();
        long resync = config.resyncInterval().toMillis();
        timer.scheduleWithFixedDelay(this::resync, resync, resync, TimeUnit.MILLISECONDS);
        log.info("node {} joined the cluster at {} ({})", self.id(), config.endpoints(), config);
    }

    @Override
    public void update(NodeState self)
    {
        NodeSession current = started();
        current.publish(self.withStatus(current.state().status()));
    }

    @Override
    public List<ClusterService> submit(List<ServiceDefinition> services)
    {
        List<ClusterService> submitted = new ArrayList<>();
        for (ServiceDefinition service : services) {
            submitted.add(queries.submit(service, config.nodeId()));
        }
        return List.copyOf(submitted);
    }

    @Override
    public void remove(String service)
    {
        queries.remove(service);
    }

    @Override
    public List<NodeState> nodes()
    {
        return queries.nodes();
    }

    @Override
    public List<ClusterService> services()
    {
        return queries.services();
    }

    @Override
    public ClusterService service(String name)
    {
        return queries.service(name);
    }

    @Override
    public ClusterService await(String service, Duration timeout)
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ClusterService current = queries.service(service);
            if (current.settled() || System.nanoTime() > deadline) {
                return current;
            }
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return current;
            }
        }
    }

    @Override
    public Optional<String> schedulerNode()
    {
        return queries.schedulerNode();
    }

    @Override
    public void drain()
    {
        NodeSession current = started();
        current.publish(current.state().withStatus(NodeStatus.DRAINING));
        log.info("node {} is draining: its workloads move to peers", config.nodeId());
    }

    @Override
    public void uncordon()
    {
        NodeSession current = started();
        current.publish(current.state().withStatus(NodeStatus.READY));
    }

    @Override
    public void report(String service, PlacementSignal signal)
    {
        started();
        applier.report(service, signal);
    }

    /** Whether this node currently runs the scheduler (as it believes). */
    public boolean leading()
    {
        ClusterScheduler current = scheduler;
        return current != null && current.leading();
    }

    @Override
    public synchronized void close()
    {
        if (closed) {
            return;
        }
        closed = true;
        clusterWatch.close();
        if (scheduler != null) {
            scheduler.stop();
        }
        if (session != null) {
            session.close();
        }
        shutdown();
        log.info("node {} left the cluster", config.nodeId());
    }

    /** Stops everything without resigning or revoking: to the cluster this node has crashed. For tests. */
    synchronized void halt()
    {
        if (closed) {
            return;
        }
        closed = true;
        clusterWatch.close();
        if (scheduler != null) {
            scheduler.halt();
        }
        if (session != null) {
            session.halt();
        }
        shutdown();
    }

    private void shutdown()
    {
        fence.stop();
        timer.shutdownNow();
        applier.shutdown();
        client.close();
    }

    private void resync()
    {
        if (clusterWatch.broken()) {
            watch();
        }
        applier.requestPass();
        triggerScheduler();
    }

    /** Called on the timer thread (and once at start), never on jetcd's event loop. */
    private void watch()
    {
        if (closed) {
            return;
        }
        clusterWatch.open();
        applier.requestPass();
    }

    private void triggerScheduler()
    {
        ClusterScheduler current = scheduler;
        if (current != null) {
            current.trigger();
        }
    }

    private NodeSession started()
    {
        NodeSession current = session;
        if (current == null) {
            throw new IllegalStateException("the bridge is not started");
        }
        return current;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name)
    {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
