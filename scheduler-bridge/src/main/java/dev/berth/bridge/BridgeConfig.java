package dev.berth.bridge;

import static java.util.Objects.requireNonNull;

import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.Configuration;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code bridge.*} settings. {@code toString} never shows the etcd password.
 *
 * @param mode {@code embedded} (one node, in-process scheduler) or {@code etcd} (a cluster)
 * @param nodeId this node's id in the cluster; unique, no '/'
 * @param nodeAddress the address peers and operators reach this node at (informational)
 * @param nodeLabels labels placement matches a service's {@code berth.node.<key>} labels against
 * @param endpoints etcd client URLs
 * @param tlsCa PEM CA bundle that signs etcd's server certificate; empty for plain text
 * @param tlsCert PEM client certificate for etcd's client-cert auth; empty for none
 * @param tlsKey PEM PKCS#8 private key of {@code tlsCert}
 * @param user etcd user for etcd auth; empty for none
 * @param password etcd password of {@code user}
 * @param prefix the key prefix the cluster lives under
 * @param leaseTtl how long a node may be silent before its workloads are re-placed
 * @param fenceAfter how long a node cut off etcd keeps its cluster workloads before it stops them (those whose spec
 *         says {@code cluster.onDisconnect: keep} go on running)
 * @param requestTimeout the limit on every etcd call
 * @param connectTimeout the limit on connecting to etcd
 * @param resyncInterval how often the bridge re-reads the whole state, in case a watch missed an event
 */
public record BridgeConfig(
        String mode,
        String nodeId,
        String nodeAddress,
        Map<String, String> nodeLabels,
        List<String> endpoints,
        String tlsCa,
        String tlsCert,
        String tlsKey,
        String user,
        String password,
        String prefix,
        Duration leaseTtl,
        Duration fenceAfter,
        Duration requestTimeout,
        Duration connectTimeout,
        Duration resyncInterval)
{
    public static final String EMBEDDED = "embedded";
    public static final String ETCD = "etcd";

    public static final ConfigKey<String> MODE = ConfigKey.string("bridge.mode", EMBEDDED,
            "embedded: this node alone with an in-process scheduler; etcd: join the cluster at bridge.etcd.endpoints.");
    public static final ConfigKey<String> NODE_ID = ConfigKey.string("bridge.node.id", null,
            "This node's id in the cluster (default: the host name). Unique per node; no '/'.");
    public static final ConfigKey<String> NODE_ADDRESS = ConfigKey.string("bridge.node.address", "",
            "The address this node is reached at, shown by 'berth cluster nodes' (default: empty).");
    public static final ConfigKey<List<String>> NODE_LABELS = ConfigKey.list("bridge.node.labels", List.of(),
            "Node labels as key=value, comma-separated; a service's label berth.node.KEY=VALUE places it only on nodes with KEY=VALUE.");
    public static final ConfigKey<List<String>> ENDPOINTS = ConfigKey.list("bridge.etcd.endpoints", List.of("http://127.0.0.1:2379"),
            "etcd client URLs, comma-separated; https:// URLs need bridge.etcd.tls.ca.");
    public static final ConfigKey<String> TLS_CA = ConfigKey.string("bridge.etcd.tls.ca", "",
            "PEM CA bundle that verifies etcd's server certificate (default: empty, plain text).");
    public static final ConfigKey<String> TLS_CERT = ConfigKey.string("bridge.etcd.tls.cert", "",
            "PEM client certificate presented to etcd (default: empty, none). Needs bridge.etcd.tls.key.");
    public static final ConfigKey<String> TLS_KEY = ConfigKey.string("bridge.etcd.tls.key", "",
            "PEM PKCS#8 private key of bridge.etcd.tls.cert.");
    public static final ConfigKey<String> USER = ConfigKey.string("bridge.etcd.user", "",
            "etcd user when etcd auth is enabled (default: empty, no auth).");
    public static final ConfigKey<String> PASSWORD = ConfigKey.string("bridge.etcd.password", "",
            "Password of bridge.etcd.user. Secret: never logged.");
    public static final ConfigKey<String> PREFIX = ConfigKey.string("bridge.etcd.prefix", "/berth",
            "Key prefix the cluster's state lives under; clusters sharing an etcd use different prefixes.");
    public static final ConfigKey<Duration> LEASE_TTL = ConfigKey.positiveDuration("bridge.etcd.lease-ttl", Duration.ofSeconds(10),
            "A node silent this long is down: its workloads are re-placed and the scheduler moves if it ran there (min 2s).");
    public static final ConfigKey<Duration> FENCE_AFTER = ConfigKey.positiveDuration("bridge.etcd.fence-after", null,
            "A node that cannot renew its lease this long stops its cluster workloads (default: the lease TTL; min 1s), but "
                    + "for services with cluster.onDisconnect: keep. Local containers are never stopped.");
    public static final ConfigKey<Duration> REQUEST_TIMEOUT = ConfigKey.duration("bridge.etcd.request-timeout", Duration.ofSeconds(5),
            "Limit on every etcd request.");
    public static final ConfigKey<Duration> CONNECT_TIMEOUT = ConfigKey.duration("bridge.etcd.connect-timeout", Duration.ofSeconds(5),
            "Limit on connecting to an etcd endpoint.");
    public static final ConfigKey<Duration> RESYNC_INTERVAL = ConfigKey.positiveDuration("bridge.etcd.resync-interval", Duration.ofSeconds(5),
            "How often the node and the scheduler re-read the whole cluster state besides watching it.");

    public BridgeConfig
    {
        requireNonNull(mode, "mode is null");
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(nodeAddress, "nodeAddress is null");
        nodeLabels = Map.copyOf(requireNonNull(nodeLabels, "nodeLabels is null"));
        endpoints = List.copyOf(requireNonNull(endpoints, "endpoints is null"));
        requireNonNull(tlsCa, "tlsCa is null");
        requireNonNull(tlsCert, "tlsCert is null");
        requireNonNull(tlsKey, "tlsKey is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(prefix, "prefix is null");
        requireNonNull(leaseTtl, "leaseTtl is null");
        requireNonNull(fenceAfter, "fenceAfter is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(resyncInterval, "resyncInterval is null");
    }

    public static List<ConfigKey<?>> configKeys()
    {
        return List.of(MODE, NODE_ID, NODE_ADDRESS, NODE_LABELS, ENDPOINTS, TLS_CA, TLS_CERT, TLS_KEY, USER, PASSWORD, PREFIX,
                LEASE_TTL, FENCE_AFTER, REQUEST_TIMEOUT, CONNECT_TIMEOUT, RESYNC_INTERVAL);
    }

    /** @throws Configuration naming the key at fault */
    public static BridgeConfig from(ConfigMap config)
    {
        String mode = config.get(MODE);
        if (!mode.equals(EMBEDDED) && !mode.equals(ETCD)) {
            throw new Configuration(MODE.name() + ": \"" + mode + "\" is not embedded or etcd");
        }
        String nodeId = Optional.ofNullable(config.get(NODE_ID)).orElseGet(BridgeConfig::hostName);
        if (nodeId.isBlank() || nodeId.contains("/")) {
            throw new Configuration(NODE_ID.name() + ": \"" + nodeId + "\" must be non-blank and contain no '/'");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String entry : config.get(NODE_LABELS)) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new Configuration(NODE_LABELS.name() + ": \"" + entry + "\" is not key=value");
            }
            labels.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
        }
        String prefix = config.get(PREFIX);
        if (!prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new Configuration(PREFIX.name() + ": \"" + prefix + "\" must start with '/' and not end with '/'");
        }
        Duration ttl = config.get(LEASE_TTL);
        if (ttl.compareTo(Duration.ofSeconds(2)) < 0) {
            throw new Configuration(LEASE_TTL.name() + ": " + ttl.toMillis() + "ms is under the 2s minimum");
        }
        Duration fenceAfter = Optional.ofNullable(config.get(FENCE_AFTER)).orElse(ttl);
        if (fenceAfter.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new Configuration(FENCE_AFTER.name() + ": " + fenceAfter.toMillis() + "ms is under the 1s minimum");
        }
        BridgeConfig result = new BridgeConfig(mode, nodeId, config.get(NODE_ADDRESS), labels, config.get(ENDPOINTS),
                config.get(TLS_CA), config.get(TLS_CERT), config.get(TLS_KEY), config.get(USER), config.get(PASSWORD), prefix,
                ttl, fenceAfter, config.get(REQUEST_TIMEOUT), config.get(CONNECT_TIMEOUT), config.get(RESYNC_INTERVAL));
        if (mode.equals(ETCD) && result.endpoints.isEmpty()) {
            throw new Configuration(ENDPOINTS.name() + ": at least one endpoint is needed in etcd mode");
        }
        if (result.tlsCert.isEmpty() != result.tlsKey.isEmpty()) {
            throw new Configuration(TLS_CERT.name() + " and " + TLS_KEY.name() + " must be set together");
        }
        if (result.password.isEmpty() == false && result.user.isEmpty()) {
            throw new Configuration(PASSWORD.name() + " is set but " + USER.name() + " is empty");
        }
        return result;
    }

    @Override
    public String toString()
    {
        return "BridgeConfig[mode=" + mode + ", nodeId=" + nodeId + ", endpoints=" + endpoints + ", tls=" + !tlsCa.isEmpty()
                + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "<redacted>") + ", prefix=" + prefix
                + ", leaseTtl=" + leaseTtl + ", fenceAfter=" + fenceAfter + "]";
    }

    private static String hostName()
    {
        try {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
        }
    }
}
