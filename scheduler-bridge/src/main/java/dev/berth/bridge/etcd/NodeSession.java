package dev.berth.bridge.etcd;

import static java.util.Objects.requireNonNull;

import dev.berth.bridge.NodeState;
import dev.berth.core.error.AgentError;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * This node's registration: a lease kept alive every third of its TTL (or of the fence-after, when shorter), the
 * node's {@code alive/} key bound to it and its {@code members/} record. When the lease is found expired (etcd was unreachable longer than the TTL and the node
 * was declared down), a new lease is granted and the node registers again; {@code onNewLease} is told, so the
 * scheduler campaign and the assignment resync restart on it.
 */
final class NodeSession
{
    private static final Logger log = LogManager.getLogger(NodeSession.class);

    private final EtcdStore store;
    private final ClusterKeys keys;
    private final Duration ttl;
    private final Duration renewEvery;
    private final ScheduledExecutorService timer;
    private final LongConsumer onNewLease;
    private volatile NodeState state;
    private volatile long lease;
    private volatile boolean connected;
    /** When the last renewal that etcd accepted was sent (its TTL ran from a little later); null before the first. */
    private volatile Renewal renewal;
    private ScheduledFuture<?> ticks;

    NodeSession(EtcdStore store, ClusterKeys keys, Duration ttl, Duration fenceAfter, ScheduledExecutorService timer, NodeState state,
            LongConsumer onNewLease)
    {
        // a node that renews less often than its fence-after would fence itself between two good renewals
        this.renewEvery = (fenceAfter.compareTo(ttl) < 0 ? fenceAfter : ttl).dividedBy(3);
        this.store = requireNonNull(store, "store is null");
        this.keys = requireNonNull(keys, "keys is null");
        this.ttl = requireNonNull(ttl, "ttl is null");
        this.timer = requireNonNull(timer, "timer is null");
        this.state = requireNonNull(state, "state is null");
        this.onNewLease = requireNonNull(onNewLease, "onNewLease is null");
    }

    /** Registers now if etcd answers, and keeps the session alive from then on. @return whether registered already */
    synchronized boolean start()
    {
        boolean registered = tryRegister();
        long period = Math.max(200, renewEvery.toMillis());
        ticks = timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
        return registered;
    }

    long lease()
    {
        return lease;
    }

    NodeState state()
    {
        return state;
    }

    boolean connected()
    {
        return connected;
    }

    /** The last lease grant or keepalive etcd accepted, if any: the lease cannot have expired sooner than its TTL after. */
    Optional<Renewal> renewal()
    {
        return Optional.ofNullable(renewal);
    }

    /**
     * Publishes a new state for this node (the members record; the alive key is unchanged). Kept here only once etcd
     * took it: a drain that failed must not be published later by the next update or registration.
     */
    void publish(NodeState newState)
    {
        requireNonNull(newState, "newState is null");
        store.put(keys.member(newState.id()), newState);
        state = newState;
    }

    /** Stops keeping the lease alive and revokes it, so peers see this node leave at once. */
    synchronized void close()
    {
        stopTicks();
        if (lease != 0) {
            try {
                store.await(store.client().getLeaseClient().revoke(lease), "revoke lease");
            }
            catch (AgentError e) {
                log.info("could not revoke lease {} on close; it expires in {}: {}", Long.toHexString(lease), ttl, e.getMessage());
            }
        }
    }

    /** Stops keeping the lease alive without revoking it: what a crash looks like to the cluster. */
    synchronized void halt()
    {
        stopTicks();
    }

    private void stopTicks()
    {
        if (ticks != null) {
            ticks.cancel(false);
        }
    }

    /** Never throws: the executor would cancel every later tick, and the node would never register again. */
    private void tick()
    {
        try {
            keepAlive();
        }
        catch (RuntimeException e) {
            log.error("keepalive of node {} failed unexpectedly", state.id(), e);
            connected = false;
        }
    }

    private void keepAlive()
    {
        try {
            if (lease == 0) {
                tryRegister();
                return;
            }
            long sent = System.nanoTime();
            LeaseKeepAliveResponse response = store.await(store.client().getLeaseClient().keepAliveOnce(lease), "keep lease alive");
            if (response.getTTL() > 0) {
                renewed(sent);
            }
            if (response.getTTL() <= 0) {
                log.warn("lease {} of node {} expired; registering again", Long.toHexString(lease), state.id());
                tryRegister();
            }
            else if (!connected) {
                connected = true;
                log.info("node {} reconnected to etcd; lease {} still valid", state.id(), Long.toHexString(lease));
                onNewLease.accept(lease);
            }
        }
        catch (AgentError e) {
            if (String.valueOf(e.getMessage()).contains("lease not found")) {
                log.warn("lease {} of node {} expired; registering again", Long.toHexString(lease), state.id());
                tryRegister();
                return;
            }
            if (connected) {
                log.warn("node {} lost etcd: {}; retrying (its cluster workloads are fenced if this lasts)", state.id(), e.getMessage());
            }
            connected = false;
        }
    }

    private void renewed(long sentNanos)
    {
        Renewal last = renewal;
        renewal = new Renewal(last == null ? 1 : last.sequence() + 1, sentNanos);
    }

    /** @param sequence counts renewals, so two are told apart however close in time */
    record Renewal(long sequence, long sentNanos) {}

    private synchronized boolean tryRegister()
    {
        try {
            long granted = store.await(store.client().getLeaseClient().grant(Math.max(2, ttl.toSeconds())), "grant lease").getID();
            store.txn(List.of(), List.of(
                            Op.put(JsonCodec.bytes(keys.member(state.id())), JsonCodec.encode(state), PutOption.DEFAULT),
                            Op.put(JsonCodec.bytes(keys.alive(state.id())), JsonCodec.bytes(state.id()),
                                    PutOption.builder().withLeaseId(granted).build())),
                    "register node " + state.id());
            // The TTL started at the grant; a slow first call (TLS handshake, class loading) may have eaten most of it.
            long sent = System.nanoTime();
            store.await(store.client().getLeaseClient().keepAliveOnce(granted), "keep lease alive");
            lease = granted;
            renewed(sent);
            connected = true;
            log.info("node {} registered with lease {} (ttl {})", state.id(), Long.toHexString(granted), ttl);
            onNewLease.accept(granted);
            return true;
        }
        catch (AgentError e) {
            if (connected || lease != 0) {
                log.warn("node {} cannot register with etcd yet: {}; retrying", state.id(), e.getMessage());
            }
            else {
                log.debug("node {} cannot register with etcd yet: {}", state.id(), e.getMessage());
            }
            connected = false;
            lease = 0;
            return false;
        }
    }
}
