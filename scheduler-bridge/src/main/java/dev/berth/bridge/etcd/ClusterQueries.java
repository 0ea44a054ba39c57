package dev.berth.bridge.etcd;

import static java.util.Objects.requireNonNull;

import dev.berth.bridge.ClusterService;
import dev.berth.bridge.NodeState;
import dev.berth.bridge.NodeStatus;
import dev.berth.bridge.ServiceDefinition;
import dev.berth.bridge.ServicePhase;
import dev.berth.bridge.placement.ServiceRecord;
import dev.berth.core.error.Internal;
import dev.berth.core.error.NotFound;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.election.NoLeaderException;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What {@code berth deploy}, {@code berth cluster nodes} and {@code berth cluster services} read and write in etcd. */
final class ClusterQueries
{
    private static final int SUBMIT_ATTEMPTS = 10;

    private final EtcdStore store;
    private final ClusterKeys keys;

    ClusterQueries(EtcdStore store, ClusterKeys keys)
    {
        this.store = requireNonNull(store, "store is null");
        this.keys = requireNonNull(keys, "keys is null");
    }

    List<NodeState> nodes()
    {
        Set<String> alive = new HashSet<>();
        for (KeyValue kv : store.prefix(keys.alive()).getKvs()) {
            alive.add(JsonCodec.text(kv.getKey()).substring(keys.alive().length()));
        }
        List<NodeState> nodes = new ArrayList<>();
        for (KeyValue kv : store.prefix(keys.members()).getKvs()) {
            NodeState node = JsonCodec.decode(kv.getValue(), NodeState.class, JsonCodec.text(kv.getKey()));
            nodes.add(alive.contains(node.id()) ? node : node.withStatus(NodeStatus.DOWN));
        }
        nodes.sort(Comparator.comparing(NodeState::id));
        return List.copyOf(nodes);
    }

    List<ClusterService> services()
    {
        Map<String, ClusterService> statuses = new HashMap<>();
        for (KeyValue kv : store.prefix(keys.statuses()).getKvs()) {
            ClusterService status = JsonCodec.decode(kv.getValue(), ClusterService.class, JsonCodec.text(kv.getKey()));
            statuses.put(status.name(), status);
        }
        List<ClusterService> services = new ArrayList<>();
        for (KeyValue kv : store.prefix(keys.services()).getKvs()) {
            ServiceRecord record = JsonCodec.decode(kv.getValue(), ServiceRecord.class, JsonCodec.text(kv.getKey()));
            services.add(current(record, statuses.get(record.name())));
        }
        services.sort(Comparator.comparing(ClusterService::name));
        return List.copyOf(services);
    }

    ClusterService service(String name)
    {
        KeyValue kv = store.get(keys.service(name)).orElseThrow(() -> new NotFound(name, "the cluster holds no such service"));
        ServiceRecord record = JsonCodec.decode(kv.getValue(), ServiceRecord.class, keys.service(name));
        Optional<ClusterService> status = store.get(keys.status(name))
                .map(found -> JsonCodec.decode(found.getValue(), ClusterService.class, keys.status(name)));
        return current(record, status.orElse(null));
    }

    /** Stores the service with the next generation, atomically against concurrent submissions of the same name. */
    ClusterService submit(ServiceDefinition definition, String submittedBy)
    {
        String key = keys.service(definition.name());
        for (int attempt = 0; attempt < SUBMIT_ATTEMPTS; attempt++) {
            Optional<KeyValue> existing = store.get(key);
            long generation = existing.map(kv -> JsonCodec.decode(kv.getValue(), ServiceRecord.class, key).generation()).orElse(0L) + 1;
            Cmp unchanged = existing.isPresent()
                    ? new Cmp(JsonCodec.bytes(key), Cmp.Op.EQUAL, CmpTarget.modRevision(existing.get().getModRevision()))
                    : new Cmp(JsonCodec.bytes(key), Cmp.Op.EQUAL, CmpTarget.version(0));
            ServiceRecord record = new ServiceRecord(definition.name(), generation, definition.source(), submittedBy);
            boolean stored = store.txn(List.of(unchanged),
                    List.of(Op.put(JsonCodec.bytes(key), JsonCodec.encode(record), PutOption.DEFAULT)),
                    "submit " + definition.name()).isSucceeded();
            if (stored) {
                return current(record, null);
            }
        }
        throw new Internal("service " + definition.name() + " kept changing under " + SUBMIT_ATTEMPTS + " submissions; try again");
    }

    void remove(String name)
    {
        if (store.delete(keys.service(name)) == 0) {
            throw new NotFound(name, "the cluster holds no such service");
        }
    }

    Optional<String> schedulerNode()
    {
        try {
            KeyValue kv = store.await(store.client().getElectionClient().leader(JsonCodec.bytes(keys.election())), "election leader").getKv();
            return Optional.of(JsonCodec.text(kv.getValue()));
        }
        catch (dev.berth.core.error.Network e) {
            if (e.getCause() instanceof NoLeaderException || String.valueOf(e.getMessage()).contains("no leader")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static ClusterService current(ServiceRecord record, ClusterService status)
    {
        if (status != null && status.generation() == record.generation()) {
            return status;
        }
        int replicas;
        try {
            replicas = record.definition().spec().replicas();
        }
        catch (RuntimeException e) {
            replicas = 0;
        }
        return new ClusterService(record.name(), record.generation(), replicas, ServicePhase.PENDING,
                "generation " + record.generation() + " waits for the scheduler",
                status == null ? Map.of() : status.placements(), Map.of(), record.submittedBy());
    }
}
