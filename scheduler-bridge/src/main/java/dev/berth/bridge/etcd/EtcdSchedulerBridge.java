package dev.berth.bridge.etcd;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import dev.berth.bridge.AssignmentHandler;
import dev.berth.bridge.AssignmentOutcome;
import dev.berth.bridge.BridgeConfig;
import dev.berth.bridge.ClusterService;
import dev.berth.bridge.NodeState;
import dev.berth.bridge.NodeStatus;
import dev.berth.bridge.SchedulerBridge;
import dev.berth.bridge.ServiceDefinition;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.Configuration;
import dev.berth.core.error.Internal;
import dev.berth.core.error.PlacementSignal;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The cluster bridge on etcd v3: registers this node under a lease, campaigns for the scheduler, watches the cluster
 * and applies this node's assignments through the agent's {@link AssignmentHandler}. See {@link ClusterKeys} for
 * the layout. When etcd goes away nothing local is stopped; the session, watches and state are re-established when
 * it returns, and a full resync runs every {@code bridge.etcd.resync-interval} in any case.
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
    private final ScheduledExecutorService applier;
    private final AtomicBoolean passQueued = new AtomicBoolean();
    private volatile NodeSession session;
    private volatile ClusterScheduler scheduler;
    private volatile AssignmentReconciler reconciler;
    /** Swapped without locks: jetcd calls the listener on its event loop, which must never wait for this bridge. */
    private final AtomicReference<Watch.Watcher> watcher = new AtomicReference<>();
    private volatile boolean watchBroken;
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
        this.applier = Executors.newSingleThreadScheduledExecutor(daemon("bridge-apply-" + config.nodeId()));
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
        reconciler = new AssignmentReconciler(store, keys, self.id(), handler);
        session = new NodeSession(store, keys, config.leaseTtl(), timer, self.withStatus(NodeStatus.READY), lease -> {
            ClusterScheduler current = scheduler;
            if (current != null) {
                current.trigger();
            }
            requestPass();
        });
        scheduler = new ClusterScheduler(store, keys, self.id(), () -> session.lease(), config.resyncInterval());
        watch();
        if (!session.start()) {
            log.warn("etcd at {} is unreachable; node {} keeps trying to join the cluster", config.endpoints(), self.id());
        }
        scheduler.start();
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
        onApplier(() -> {
            reconciler.report(service, AssignmentOutcome.of(signal.asError()));
            return null;
        });
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
        closeWatch();
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
        closeWatch();
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
        timer.shutdownNow();
        applier.shutdownNow();
        try {
            applier.awaitTermination(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
    }

    private void resync()
    {
        Watch.Watcher watching = watcher.get();
        if (watchBroken || watching == null || watching.isClosed()) {
            watch();
        }
        requestPass();
        ClusterScheduler current = scheduler;
        if (current != null) {
            current.trigger();
        }
    }

    private void requestPass()
    {
        if (closed || !passQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            applier.execute(this::pass);
        }
        catch (RejectedExecutionException e) {
            passQueued.set(false);
        }
    }

    private void pass()
    {
        passQueued.set(false);
        try {
            reconciler.pass();
        }
        catch (AgentError e) {
            log.debug("assignment pass on node {} failed: {}; retrying", config.nodeId(), e.getMessage());
            try {
                applier.schedule(this::requestPass, 500, TimeUnit.MILLISECONDS);
            }
            catch (RejectedExecutionException closing) {
                // the bridge is closing
            }
        }
        catch (RuntimeException e) {
            log.error("assignment pass on node {} failed unexpectedly", config.nodeId(), e);
        }
    }

    /** Called on the timer thread (and once at start), never on jetcd's event loop. */
    private void watch()
    {
        if (closed) {
            return;
        }
        closeWatch();
        watchBroken = false;
        String mine = keys.assignmentsOf(config.nodeId());
        try {
            Watch.Watcher created = client.getWatchClient().watch(JsonCodec.bytes(keys.root()), WatchOption.builder().isPrefix(true).build(),
                    Watch.listener(response -> onEvents(response, mine), error -> {
                        log.info("cluster watch on node {} broke: {}; the resync re-creates it", config.nodeId(), error.getMessage());
                        watchBroken = true;
                    }));
            if (!watcher.compareAndSet(null, created)) {
                created.close();
            }
        }
        catch (RuntimeException e) {
            watchBroken = true;
            log.info("cannot watch the cluster from node {} yet: {}", config.nodeId(), e.getMessage());
        }
        requestPass();
    }

    private void onEvents(WatchResponse response, String mine)
    {
        boolean mineChanged = false;
        boolean clusterChanged = false;
        for (WatchEvent event : response.getEvents()) {
            String key = JsonCodec.text(event.getKeyValue().getKey());
            if (key.startsWith(mine)) {
                mineChanged = true;
            }
            else if (!key.startsWith(keys.assignments()) && !key.startsWith(keys.statuses())) {
                clusterChanged = true;
            }
        }
        if (mineChanged) {
            requestPass();
        }
        ClusterScheduler current = scheduler;
        if (clusterChanged && current != null) {
            current.trigger();
        }
    }

    private void closeWatch()
    {
        Watch.Watcher current = watcher.getAndSet(null);
        if (current != null) {
            current.close();
        }
    }

    private <T> T onApplier(java.util.concurrent.Callable<T> task)
    {
        Future<T> future = applier.submit(task);
        try {
            return future.get(config.requestTimeout().multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof AgentError error) {
                throw error;
            }
            throw new Internal("bridge task failed: " + e.getCause(), e.getCause());
        }
        catch (TimeoutException e) {
            future.cancel(true);
            throw new dev.berth.core.error.Timeout(config.requestTimeout().multipliedBy(2), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Internal("interrupted", e);
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
