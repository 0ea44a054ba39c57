package dev.berth.bridge.etcd;

import static java.util.Objects.requireNonNull;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Stops this node's cluster workloads once it has failed to renew its lease for {@code bridge.etcd.fence-after}:
 * by then the cluster may have declared the node down and started the workloads elsewhere. The silence is counted
 * from when the last accepted renewal was sent, which is no later than etcd started that lease's TTL, so with
 * fence-after equal to the TTL the node stops before or as its lease expires. The node stays fenced (nothing is
 * applied) until a renewal succeeds again. Runs on its own thread: the timer and the apply thread may be held up
 * by etcd calls, which is exactly when the fence matters.
 */
final class DisconnectFence
{
    private static final Logger log = LogManager.getLogger(DisconnectFence.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final ScheduledExecutorService thread;
    private final String nodeId;
    private final Duration fenceAfter;
    private final Supplier<Optional<NodeSession.Renewal>> renewal;
    private final Runnable fence;
    /** The renewal the node was fenced after, or null while it is not fenced. */
    private volatile NodeSession.Renewal fencedAfter;
    private long lastFenceNanos;
    /** Before the first renewal, the silence counts from the start: a node restarted while cut off is fenced too. */
    private volatile NodeSession.Renewal started;

    DisconnectFence(ScheduledExecutorService thread, String nodeId, Duration fenceAfter, Supplier<Optional<NodeSession.Renewal>> renewal,
            Runnable fence)
    {
        this.thread = requireNonNull(thread, "thread is null");
        this.nodeId = requireNonNull(nodeId, "nodeId is null");
        this.fenceAfter = requireNonNull(fenceAfter, "fenceAfter is null");
        this.renewal = requireNonNull(renewal, "renewal is null");
        this.fence = requireNonNull(fence, "fence is null");
    }

    void start()
    {
        started = new NodeSession.Renewal(0, System.nanoTime());
        long period = Math.max(10, Math.min(100, fenceAfter.toMillis() / 20));
        thread.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    /** Whether the node is fenced: cut off for fence-after, with no renewal since. */
    boolean fenced()
    {
        NodeSession.Renewal fencedAt = fencedAfter;
        return fencedAt != null && fencedAt.equals(last());
    }

    void stop()
    {
        thread.shutdownNow();
    }

    private NodeSession.Renewal last()
    {
        return renewal.get().orElse(started);
    }

    /** Never throws: the executor would cancel every later check. */
    private void check()
    {
        try {
            NodeSession.Renewal last = last();
            if (last == null) {
                return; // not started
            }
            Duration silence = Duration.ofNanos(System.nanoTime() - last.sentNanos());
            if (silence.compareTo(fenceAfter) < 0) {
                if (fencedAfter != null) {
                    log.info("node {} renewed its lease again: the fence is lifted; it runs what the scheduler assigns it", nodeId);
                    fencedAfter = null;
                }
                return;
            }
            long now = System.nanoTime();
            if (!last.equals(fencedAfter)) {
                fencedAfter = last;
                log.warn("node {} could not renew its etcd lease for {}: stopping its cluster workloads (those with "
                        + "cluster.onDisconnect: keep go on; local containers are not touched)", nodeId, silence);
            }
            else if (now - lastFenceNanos < RETRY.toNanos()) {
                return;
            }
            // again every second while fenced: a stop that failed is tried again
            lastFenceNanos = now;
            fence.run();
        }
        catch (RuntimeException e) {
            log.error("fence check on node {} failed unexpectedly", nodeId, e);
        }
    }
}
