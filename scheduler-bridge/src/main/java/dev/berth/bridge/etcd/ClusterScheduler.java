package dev.berth.bridge.etcd;

import static dev.berth.bridge.etcd.JsonCodec.bytes;
import static java.util.Objects.requireNonNull;

import dev.berth.bridge.ClusterService;
import dev.berth.bridge.placement.AssignmentRecord;
import dev.berth.bridge.placement.ClusterSnapshot;
import dev.berth.bridge.placement.Plan;
import dev.berth.bridge.placement.Planner;
import dev.berth.bridge.placement.ReportOutcome;
import dev.berth.bridge.placement.UpdateBatches;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.Network;
import io.etcd.jetcd.election.CampaignResponse;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The cluster's scheduler, one per node but active on the single node that wins the etcd election. The winner
 * re-plans on every change it watches and every resync interval, and writes assignments in transactions fenced on
 * its leader key: a node that lost the election (its lease expired) can no longer write any.
 */
final class ClusterScheduler
{
    private static final Logger log = LogManager.getLogger(ClusterScheduler.class);
    /** etcd refuses transactions of more than 128 operations by default. */
    private static final int MAX_OPS_PER_TXN = 100;

    private final EtcdStore store;
    private final ClusterKeys keys;
    private final SnapshotReader reader;
    private final String nodeId;
    private final LongSupplier lease;
    private final Duration resyncInterval;
    private final Leadership leadership;
    private final Planner planner = new Planner();
    private final Object lock = new Object();
    private boolean dirty = true;
    private volatile boolean running;
    private volatile LeaderKey leader;
    /** Failures in a row; only the first of a streak is logged at warn, so an etcd outage does not flood the log. */
    private int failures;
    private Thread thread;

    /** Told when this node starts and stops leading, on the scheduler's thread, before its first pass and after its last. */
    interface Leadership
    {
        void started();

        void stopped();
    }

    ClusterScheduler(EtcdStore store, ClusterKeys keys, String nodeId, LongSupplier lease, Duration resyncInterval, Leadership leadership)
    {
        this.store = requireNonNull(store, "store is null");
        this.keys = requireNonNull(keys, "keys is null");
        this.reader = new SnapshotReader(store, keys);
        this.nodeId = requireNonNull(nodeId, "nodeId is null");
        this.lease = requireNonNull(lease, "lease is null");
        this.resyncInterval = requireNonNull(resyncInterval, "resyncInterval is null");
        this.leadership = requireNonNull(leadership, "leadership is null");
    }

    void start()
    {
        running = true;
        thread = new Thread(this::run, "bridge-scheduler-" + nodeId);
        thread.setDaemon(true);
        thread.start();
    }

    /** Something in the cluster changed: plan again soon. */
    void trigger()
    {
        synchronized (lock) {
            dirty = true;
            lock.notifyAll();
        }
    }

    boolean leading()
    {
        return leader != null;
    }

    void stop()
    {
        running = false;
        trigger();
        if (thread != null) {
            thread.interrupt();
        }
        LeaderKey current = leader;
        if (current != null) {
            try {
                store.await(store.client().getElectionClient().resign(current), "resign");
            }
            catch (AgentError e) {
                log.info("could not resign the scheduler election: {}", e.getMessage());
            }
        }
    }

    /** Stops without resigning: what a crash looks like. */
    void halt()
    {
        running = false;
        trigger();
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void run()
    {
        while (running) {
            long session = lease.getAsLong();
            if (session == 0) {
                pause(200);
                continue;
            }
            try {
                LeaderKey key = campaign(session);
                if (key == null) {
                    continue;
                }
                leader = key;
                log.info("scheduler now runs on node {}", nodeId);
                leadership.started();
                lead(key, session);
            }
            catch (AgentError e) {
                logFailure("scheduler election on node " + nodeId + " failed", e);
                pause(500);
            }
            catch (RuntimeException e) {
                // a bug must not end the thread while this node keeps the election: nobody else would schedule
                logUnexpected("scheduler on node " + nodeId + " failed", e);
                pause(500);
            }
            finally {
                if (leader != null) {
                    log.info("scheduler stopped leading on node {}", nodeId);
                    leader = null;
                    leadership.stopped();
                }
            }
        }
    }

    /** Waits to be elected; null when the session changed or the scheduler is stopping. */
    private LeaderKey campaign(long session)
    {
        CompletableFuture<CampaignResponse> campaign = store.client().getElectionClient()
                .campaign(bytes(keys.election()), session, bytes(nodeId));
        while (running && lease.getAsLong() == session) {
            try {
                return campaign.get(store.timeout().toMillis(), TimeUnit.MILLISECONDS).getLeader();
            }
            catch (TimeoutException e) {
                // Still a candidate; keep waiting while the session is the same.
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            catch (ExecutionException e) {
                throw new Network("etcd campaign failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
        campaign.cancel(true);
        return null;
    }

    private void lead(LeaderKey key, long session)
    {
        while (running && lease.getAsLong() == session) {
            try {
                if (!pass(key)) {
                    return;
                }
                failures = 0;
            }
            catch (AgentError e) {
                if (!running) {
                    return;
                }
                logFailure("scheduling pass on node " + nodeId + " failed", e);
                pause(200);
                trigger();
            }
            catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                logUnexpected("scheduling pass on node " + nodeId + " failed", e);
                pause(200);
                trigger();
            }
            waitForTrigger();
        }
    }

    /** One planning pass. @return false when this node is no longer the leader */
    boolean pass(LeaderKey key)
    {
        SnapshotReader.Read read = reader.read();
        ClusterSnapshot snapshot = read.snapshot();
        Plan plan = planner.plan(snapshot);
        List<List<Op>> groups = new ArrayList<>();
        for (String service : plan.assignments().keySet()) {
            groups.add(serviceOps(snapshot, plan, read.statuses(), service));
        }
        TreeSet<String> gone = new TreeSet<>(snapshot.assignments().keySet());
        gone.addAll(read.statuses().keySet());
        gone.addAll(snapshot.reports().keySet());
        gone.removeAll(snapshot.services().keySet());
        for (String service : gone) {
            List<Op> ops = new ArrayList<>();
            snapshot.assignmentsOf(service).values().forEach(a -> ops.add(delete(keys.assignment(a.node(), service))));
            if (read.statuses().containsKey(service)) {
                ops.add(delete(keys.status(service)));
            }
            // Only exclusions go. A running or failed report is the node's own claim that it may run the service: the
            // node takes it back once it stopped it. Deleting it here raced a returning node that had not read it yet.
            snapshot.reportsOf(service).values().stream().filter(report -> report.outcome() == ReportOutcome.SIGNAL)
                    .forEach(report -> ops.add(delete(keys.report(service, report.node()))));
            if (!ops.isEmpty()) {
                groups.add(ops);
                log.info("service {} was removed; unassigning it", service);
            }
        }
        return commit(key, groups);
    }

    private List<Op> serviceOps(ClusterSnapshot snapshot, Plan plan, Map<String, ClusterService> statuses, String service)
    {
        List<Op> ops = new ArrayList<>();
        long generation = snapshot.services().get(service).generation();
        Map<String, Integer> desired = plan.assignments().get(service);
        Map<String, AssignmentRecord> current = snapshot.assignmentsOf(service);
        Set<String> admitted = UpdateBatches.admitted(generation, UpdateBatches.policyOf(snapshot.services().get(service)), desired, current,
                snapshot.reportsOf(service));
        desired.forEach((node, replicas) -> {
            AssignmentRecord existing = current.get(node);
            boolean waits = existing != null && existing.generation() != generation && !admitted.contains(node);
            boolean heldImage = plan.heldImage(service, node);
            if (!waits && (existing == null || existing.replicas() != replicas || existing.generation() != generation
                    || existing.heldImage() != heldImage)) {
                ops.add(Op.put(bytes(keys.assignment(node, service)),
                        JsonCodec.encode(new AssignmentRecord(service, node, replicas, generation, heldImage)), PutOption.DEFAULT));
            }
        });
        current.keySet().stream().filter(node -> !desired.containsKey(node))
                .forEach(node -> ops.add(delete(keys.assignment(node, service))));
        ClusterService status = plan.statuses().get(service);
        if (!Objects.equals(status, statuses.get(service))) {
            ops.add(Op.put(bytes(keys.status(service)), JsonCodec.encode(status), PutOption.DEFAULT));
            if (!Objects.equals(desired, current.isEmpty() ? Map.of() : placements(current))) {
                log.info("service {} generation {}: {} {} ({})", service, generation, status.phase(), desired, status.message());
            }
        }
        return ops;
    }

    private boolean commit(LeaderKey key, List<List<Op>> groups)
    {
        List<Op> batch = new ArrayList<>();
        for (List<Op> group : groups) {
            if (!batch.isEmpty() && batch.size() + group.size() > MAX_OPS_PER_TXN) {
                if (!fenced(key, batch)) {
                    return false;
                }
                batch = new ArrayList<>();
            }
            batch.addAll(group);
        }
        return batch.isEmpty() || fenced(key, batch);
    }

    private boolean fenced(LeaderKey key, List<Op> ops)
    {
        TxnResponse response = store.txn(List.of(new Cmp(key.getKey(), Cmp.Op.EQUAL, CmpTarget.createRevision(key.getRevision()))),
                ops, "write assignments");
        if (!response.isSucceeded()) {
            log.warn("node {} is no longer the scheduler (its leader key is gone); stepping down", nodeId);
        }
        return response.isSucceeded();
    }

    private static Map<String, Integer> placements(Map<String, AssignmentRecord> current)
    {
        Map<String, Integer> result = new java.util.TreeMap<>();
        current.forEach((node, record) -> result.put(node, record.replicas()));
        return result;
    }

    private static Op delete(String key)
    {
        return Op.delete(bytes(key), DeleteOption.DEFAULT);
    }

    private void waitForTrigger()
    {
        synchronized (lock) {
            long deadline = System.nanoTime() + resyncInterval.toNanos();
            while (!dirty && running) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            dirty = false;
        }
    }

    private void logFailure(String what, AgentError e)
    {
        if (failures++ == 0) {
            log.warn("{}: {}; retrying until etcd answers", what, e.getMessage());
        }
        else {
            log.debug("{} ({} in a row): {}", what, failures, e.getMessage());
        }
    }

    /** With its stack once, then quietly while it repeats (a pass is retried every 200 ms). */
    private void logUnexpected(String what, RuntimeException e)
    {
        if (failures++ == 0) {
            log.error("{} unexpectedly; retrying", what, e);
        }
        else {
            log.debug("{} unexpectedly ({} in a row): {}", what, failures, e.toString());
        }
    }

    private static void pause(long millis)
    {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
