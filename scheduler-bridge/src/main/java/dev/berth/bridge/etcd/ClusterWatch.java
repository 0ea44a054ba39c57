package dev.berth.bridge.etcd;

import static java.util.Objects.requireNonNull;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.concurrent.atomic.AtomicReference;

/**
 * One watch on the whole cluster prefix, sorting what changed: a change under this node's assignments calls
 * {@code onAssignments}; a change anywhere else except assignments and statuses (members, liveness, services) calls
 * {@code onCluster}. A broken watch is only marked; whoever resyncs opens it again.
 */
final class ClusterWatch
{
    private static final Logger log = LogManager.getLogger(ClusterWatch.class);

    private final Client client;
    private final ClusterKeys keys;
    private final String nodeId;
    private final Runnable onAssignments;
    private final Runnable onCluster;
    /** Swapped without locks: jetcd calls the listener on its event loop, which must never wait for the bridge. */
    private final AtomicReference<Watch.Watcher> watcher = new AtomicReference<>();
    private volatile boolean broken;

    ClusterWatch(Client client, ClusterKeys keys, String nodeId, Runnable onAssignments, Runnable onCluster)
    {
        this.client = requireNonNull(client, "client is null");
        this.keys = requireNonNull(keys, "keys is null");
        this.nodeId = requireNonNull(nodeId, "nodeId is null");
        this.onAssignments = requireNonNull(onAssignments, "onAssignments is null");
        this.onCluster = requireNonNull(onCluster, "onCluster is null");
    }

    /** Whether the watch needs opening again: never opened, closed, or broken. */
    boolean broken()
    {
        Watch.Watcher watching = watcher.get();
        return broken || watching == null || watching.isClosed();
    }

    /** (Re)opens the watch; when etcd refuses it the watch stays broken. Never call on jetcd's event loop. */
    void open()
    {
        close();
        broken = false;
        String mine = keys.assignmentsOf(nodeId);
        try {
            Watch.Watcher created = client.getWatchClient().watch(JsonCodec.bytes(keys.root()), WatchOption.builder().isPrefix(true).build(),
                    Watch.listener(response -> onEvents(response, mine), error -> {
                        log.info("cluster watch on node {} broke: {}; the resync re-creates it", nodeId, error.getMessage());
                        broken = true;
                    }));
            if (!watcher.compareAndSet(null, created)) {
                created.close();
            }
        }
        catch (RuntimeException e) {
            broken = true;
            log.info("cannot watch the cluster from node {} yet: {}", nodeId, e.getMessage());
        }
    }

    void close()
    {
        Watch.Watcher current = watcher.getAndSet(null);
        if (current != null) {
            current.close();
        }
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
            onAssignments.run();
        }
        if (clusterChanged) {
            onCluster.run();
        }
    }
}
