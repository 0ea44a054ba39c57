package dev.berth.bridge.etcd;

import static java.util.Objects.requireNonNull;

import dev.berth.bridge.ClusterService;
import dev.berth.bridge.NodeState;
import dev.berth.bridge.placement.AssignmentRecord;
import dev.berth.bridge.placement.ClusterSnapshot;
import dev.berth.bridge.placement.NodeReport;
import dev.berth.bridge.placement.ServiceRecord;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads the whole cluster in one range request, so every part of the snapshot is from the same revision. A record
 * that does not decode is logged and skipped rather than stopping the scheduler.
 */
final class SnapshotReader
{
    private static final Logger log = LogManager.getLogger(SnapshotReader.class);

    private final EtcdStore store;
    private final ClusterKeys keys;

    SnapshotReader(EtcdStore store, ClusterKeys keys)
    {
        this.store = requireNonNull(store, "store is null");
        this.keys = requireNonNull(keys, "keys is null");
    }

    /** The snapshot, plus the stored statuses and each assignment's mod revision (its epoch). */
    Read read()
    {
        GetResponse response = store.prefix(keys.root());
        Map<String, NodeState> members = new HashMap<>();
        Set<String> alive = new HashSet<>();
        Map<String, ServiceRecord> services = new HashMap<>();
        Map<String, Map<String, AssignmentRecord>> assignments = new HashMap<>();
        Map<String, Map<String, NodeReport>> reports = new HashMap<>();
        Map<String, ClusterService> statuses = new HashMap<>();
        Map<String, Long> serviceRevisions = new HashMap<>();
        for (KeyValue kv : response.getKvs()) {
            String key = JsonCodec.text(kv.getKey());
            try {
                if (key.startsWith(keys.members())) {
                    NodeState node = JsonCodec.decode(kv.getValue(), NodeState.class, key);
                    members.put(node.id(), node);
                }
                else if (key.startsWith(keys.alive())) {
                    alive.add(key.substring(keys.alive().length()));
                }
                else if (key.startsWith(keys.services())) {
                    ServiceRecord service = JsonCodec.decode(kv.getValue(), ServiceRecord.class, key);
                    services.put(service.name(), service);
                    serviceRevisions.put(service.name(), kv.getModRevision());
                }
                else if (key.startsWith(keys.assignments())) {
                    AssignmentRecord assignment = JsonCodec.decode(kv.getValue(), AssignmentRecord.class, key);
                    assignments.computeIfAbsent(assignment.service(), ignored -> new HashMap<>()).put(assignment.node(), assignment);
                }
                else if (key.startsWith(keys.reports())) {
                    NodeReport report = JsonCodec.decode(kv.getValue(), NodeReport.class, key);
                    reports.computeIfAbsent(report.service(), ignored -> new HashMap<>()).put(report.node(), report);
                }
                else if (key.startsWith(keys.statuses())) {
                    ClusterService status = JsonCodec.decode(kv.getValue(), ClusterService.class, key);
                    statuses.put(status.name(), status);
                }
            }
            catch (RuntimeException e) {
                log.warn("skipping etcd key {}: {}", key, e.getMessage());
            }
        }
        long revision = response.getHeader().getRevision();
        return new Read(new ClusterSnapshot(revision, members, alive, services, assignments, reports), statuses, serviceRevisions);
    }

    record Read(ClusterSnapshot snapshot, Map<String, ClusterService> statuses, Map<String, Long> serviceRevisions) {}
}
