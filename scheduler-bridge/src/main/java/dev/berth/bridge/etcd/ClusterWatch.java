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
import java.util.function.Consumer;

/**
 * What a node watches in etcd. Every node watches its own assignments ({@code onAssignments}). Only the elected
 * scheduler also watches the whole prefix, for changes anywhere but assignments and statuses (members, liveness,
 * services: {@code onCluster}): a node that does not plan has no use for them, and with every node watching
 * everything, etcd sent each change to every node (about 3,000 events a second at 100 simulated nodes, see
 * {@code benchmarks/bridge-scale.sh}). A broken watch is only marked; whoever resyncs opens it again.
 */
final class ClusterWatch
{
    private static final Logger log = LogManager.getLogger(ClusterWatch.class);

    private final Client client;
    private final ClusterKeys keys;
    private final String nodeId;
    private final Runnable onAssignments;
    private final Runnable onCluster;
    private final Watched assignments = new Watched("assignments");
    private final Watched cluster = new Watched("cluster");
    private volatile boolean clusterWanted;

    ClusterWatch(Client client, ClusterKeys keys, String nodeId, Runnable onAssignments, Runnable onCluster)
    {
        this.client = requireNonNull(client, "client is null");
        this.keys = requireNonNull(keys, "keys is null");
        this.nodeId = requireNonNull(nodeId, "nodeId is null");
        this.onAssignments = requireNonNull(onAssignments, "onAssignments is null");
        this.onCluster = requireNonNull(onCluster, "onCluster is null");
    }

    /** Whether a watch this node needs is not open: never opened, closed, or broken. */
    boolean broken()
    {
        return assignments.broken() || (clusterWanted && cluster.broken());
    }

    /** (Re)opens what this node needs; a watch etcd refuses stays broken. Never call on jetcd's event loop. */
    void open()
    {
        String mine = keys.assignmentsOf(nodeId);
        assignments.open(mine, response -> {
            if (!response.getEvents().isEmpty()) {
                onAssignments.run();
            }
        });
        if (clusterWanted) {
            openCluster();
        }
    }

    /** This node now runs the scheduler: watch the whole cluster until {@link #stopLeading}. Never on jetcd's event loop. */
    void startLeading()
    {
        clusterWanted = true;
        openCluster();
    }

    void stopLeading()
    {
        clusterWanted = false;
        cluster.close();
    }

    void close()
    {
        clusterWanted = false;
        assignments.close();
        cluster.close();
    }

    private void openCluster()
    {
        cluster.open(keys.root(), this::onClusterEvents);
    }

    /** Assignments reach their nodes through their own watches, and statuses are the scheduler's own output. */
    private void onClusterEvents(WatchResponse response)
    {
        for (WatchEvent event : response.getEvents()) {
            String key = JsonCodec.text(event.getKeyValue().getKey());
            if (!key.startsWith(keys.assignments()) && !key.startsWith(keys.statuses())) {
                onCluster.run();
                return;
            }
        }
    }

    /** One prefix watch, swapped without locks: jetcd calls the listener on its event loop, which must never wait. */
    private final class Watched
    {
        private final String what;
        private final AtomicReference<Watch.Watcher> watcher = new AtomicReference<>();
        private volatile boolean broken;

        Watched(String what)
        {
            this.what = what;
        }

        boolean broken()
        {
            Watch.Watcher watching = watcher.get();
            return broken || watching == null || watching.isClosed();
        }

        void open(String prefix, Consumer<WatchResponse> listener)
        {
            close();
            broken = false;
            try {
                Watch.Watcher created = client.getWatchClient().watch(JsonCodec.bytes(prefix), WatchOption.builder().isPrefix(true).build(),
                        Watch.listener(listener, error -> {
                            log.info("{} watch on node {} broke: {}; the resync re-creates it", what, nodeId, error.getMessage());
                            broken = true;
                        }));
                if (!watcher.compareAndSet(null, created)) {
                    created.close();
                }
            }
            catch (RuntimeException e) {
                broken = true;
                log.info("cannot watch the {} from node {} yet: {}", what, nodeId, e.getMessage());
            }
        }

        void close()
        {
            Watch.Watcher current = watcher.getAndSet(null);
            if (current != null) {
                current.close();
            }
        }
    }
}
