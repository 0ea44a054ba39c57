package dev.berth.youki.network;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Inject;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.error.Network;
import dev.berth.core.error.NotFound;
import dev.berth.core.spec.NetworkMode;
import dev.berth.core.spec.PortSpec;
import dev.berth.oci.linux.HostFilesystem;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@link NetworkManager} on the standard CNI plugins: loopback in every namespace (unless the namespace was made with
 * its loopback up, as {@link dev.berth.oci.linux.NativeHostFilesystem} does); bridge with host-local IPAM and,
 * for published ports, portmap on the bridge network. Operations are serialised: they are short, and a host port
 * must be checked and claimed in one step.
 */
public final class CniNetworkManager
        implements NetworkManager
{
    private static final Logger log = LogManager.getLogger(CniNetworkManager.class);
    // What CNI accepts as CNI_CONTAINERID; it also names files, so nothing else is allowed.
    private static final Pattern CONTAINER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final String INTERFACE = "eth0";

    private final NetworkConfig config;
    private final CniPluginRunner plugins;
    private final CniChain chain;
    private final CniConfigurations configurations;
    private final NetworkNamespaces namespaces;
    private final AttachmentStore store;
    private final NatRules natRules;
    private final NetworkFiles files;
    private final SubnetGuard subnetGuard;
    private final HostSockets hostSockets;
    private boolean subnetChecked;

    /**
     * @param filesystem makes and removes the network namespaces
     */
    @Inject
    public CniNetworkManager(NetworkConfig config, HostFilesystem filesystem)
    {
        this.config = requireNonNull(config, "config is null");
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        CommandRunner runner = new CommandRunner(config.pluginTimeout());
        this.plugins = new CniPluginRunner(config.cniPath(), runner, mapper);
        this.chain = new CniChain(plugins);
        this.configurations = new CniConfigurations(config, mapper);
        this.namespaces = new NetworkNamespaces(config.stateDirectory().resolve("netns"), requireNonNull(filesystem, "filesystem is null"));
        this.store = new AttachmentStore(config.stateDirectory().resolve("attachments"), mapper);
        this.natRules = new NatRules(runner);
        this.files = new NetworkFiles(config.stateDirectory().resolve("files"), NetworkFiles.HOST_HOSTS);
        this.subnetGuard = new SubnetGuard(runner);
        this.hostSockets = HostSockets.local();
    }

    @Override
    public synchronized NetworkAttachment attach(String containerId, NetworkMode mode, List<PortSpec> ports)
    {
        checkContainerId(containerId);
        requireNonNull(mode, "mode is null");
        List<PortSpec> published = PortRules.published(mode, requireNonNull(ports, "ports is null"));
        Optional<AttachmentRecord> existing = store.read(containerId);
        if (existing.isPresent()) {
            AttachmentRecord record = existing.get();
            boolean alive = record.namespace().map(namespaces::isMounted).orElse(true);
            if (record.complete() && alive && record.mode() == mode && record.publishedPorts().equals(published)) {
                return record.toAttachment();
            }
            if (record.complete() && alive) {
                throw new Network("container " + containerId + " is already attached (" + record.mode().name().toLowerCase(Locale.ROOT)
                        + ", ports " + describe(record.publishedPorts()) + "); detach it first");
            }
            // Unfinished, or its namespace is gone (a reboot with the state dir on persistent storage): start over.
            log.info("cleaning up the {} network attachment of {} before attaching again", alive ? "unfinished" : "stale", containerId);
            detach(record);
        }
        checkHostPortsFree(containerId, mode, ports, published);
        String resolvConf = ResolvConf.forContainer(config.resolvConf(), mode);
        AttachmentRecord attached = switch (mode) {
            case HOST -> hostAttachment(containerId, published, resolvConf);
            case NONE -> isolatedAttachment(containerId, resolvConf);
            case BRIDGE -> bridgeAttachment(containerId, published, resolvConf);
        };
        log.info("attached {} ({}{}{})", containerId, mode.name().toLowerCase(Locale.ROOT),
                attached.address() == null ? "" : ", " + attached.address(),
                published.isEmpty() ? "" : ", ports " + describe(published));
        return attached.toAttachment();
    }

    @Override
    public synchronized void detach(String containerId)
    {
        checkContainerId(containerId);
        Optional<AttachmentRecord> record = store.read(containerId);
        if (record.isPresent()) {
            detach(record.get());
            log.info("detached {}", containerId);
        }
        else {
            // Nothing on record; a namespace at the conventional path (records lost with the state dir) still goes.
            namespaces.delete(namespaces.pathFor(containerId));
        }
    }

    @Override
    public synchronized Optional<NetworkAttachment> find(String containerId)
    {
        checkContainerId(containerId);
        return store.read(containerId).filter(AttachmentRecord::complete).map(AttachmentRecord::toAttachment);
    }

    @Override
    public synchronized List<NetworkAttachment> attachments()
    {
        return store.list().stream().filter(AttachmentRecord::complete).map(AttachmentRecord::toAttachment).toList();
    }

    @Override
    public synchronized List<String> detachUnknown(Set<String> knownContainerIds)
    {
        requireNonNull(knownContainerIds, "knownContainerIds is null");
        List<String> detached = new ArrayList<>();
        for (AttachmentRecord record : store.list()) {
            if (!knownContainerIds.contains(record.containerId())) {
                detach(record);
                detached.add(record.containerId());
            }
        }
        if (!detached.isEmpty()) {
            log.info("detached the networks of containers that no longer exist: {}", detached);
        }
        return List.copyOf(detached);
    }

    @Override
    public synchronized void check(String containerId)
    {
        checkContainerId(containerId);
        AttachmentRecord record = store.read(containerId).filter(AttachmentRecord::complete)
                .orElseThrow(() -> new NotFound(containerId, "no network attachment on record"));
        Optional<Path> namespace = record.namespace();
        if (namespace.isPresent() && !namespaces.isMounted(namespace.get())) {
            throw new Network("network namespace " + namespace.get() + " of container " + containerId + " is gone");
        }
        if (namespace.isPresent()) {
            plugins.invoke(CniCommand.CHECK, new CniInvocation(containerId, namespace.get().toString(), "lo"), configurations.loopback());
        }
        List<ObjectNode> checkable = record.plugins().stream()
                .filter(plugin -> !plugin.path("type").asText().equals(NatRules.PORTMAP))
                .toList();
        if (!checkable.isEmpty()) {
            chain.check(new CniInvocation(containerId, namespace.orElseThrow().toString(), INTERFACE), checkable, record.result());
        }
        for (ObjectNode plugin : record.plugins()) {
            if (plugin.path("type").asText().equals(NatRules.PORTMAP)) {
                natRules.verifyPublished(plugin.path("name").asText(), containerId);
            }
        }
    }

    private AttachmentRecord hostAttachment(String containerId, List<PortSpec> published, String resolvConf)
    {
        AttachmentRecord record = AttachmentRecord.started(containerId, NetworkMode.HOST, null, List.of(), published, resolvConf)
                .completed(null, null, null);
        store.write(record);
        return record;
    }

    private AttachmentRecord isolatedAttachment(String containerId, String resolvConf)
    {
        Path namespace = namespaces.pathFor(containerId);
        AttachmentRecord record = AttachmentRecord.started(containerId, NetworkMode.NONE, namespace, List.of(), List.of(), resolvConf);
        store.write(record);
        if (!namespaces.create(namespace)) {
            bringUpLoopback(containerId, namespace);
        }
        AttachmentRecord complete = record.completed(null, null, null);
        store.write(complete);
        return complete;
    }

    private AttachmentRecord bridgeAttachment(String containerId, List<PortSpec> published, String resolvConf)
    {
        if (!subnetChecked) {
            subnetGuard.check(config.subnet(), config.bridge());
            subnetChecked = true;
        }
        Path namespace = namespaces.pathFor(containerId);
        List<ObjectNode> network = configurations.bridgeNetwork(published);
        AttachmentRecord record = AttachmentRecord.started(containerId, NetworkMode.BRIDGE, namespace, network, published, resolvConf);
        // Recorded before anything exists, so a failure or crash from here on can always be cleaned up by detach.
        store.write(record);
        if (!namespaces.create(namespace)) {
            bringUpLoopback(containerId, namespace);
        }
        JsonNode result = chain.add(new CniInvocation(containerId, namespace.toString(), INTERFACE), network);
        String[] address = ipv4(result, containerId);
        if (!published.isEmpty()) {
            LocalnetRouting.enable(config.bridge());
        }
        AttachmentRecord complete = record.completed(result, address[0], address[1]);
        store.write(complete);
        return complete;
    }

    private void bringUpLoopback(String containerId, Path namespace)
    {
        plugins.invoke(CniCommand.ADD, new CniInvocation(containerId, namespace.toString(), "lo"), configurations.loopback());
    }

    private void detach(AttachmentRecord record)
    {
        Optional<Path> namespace = record.namespace();
        if (!record.plugins().isEmpty()) {
            // The namespace must still exist here: the bridge plugin finds the addresses whose masquerade rules it
            // removes on the container's interface.
            String path = namespace.filter(namespaces::isMounted).map(Path::toString).orElse("");
            chain.delete(new CniInvocation(record.containerId(), path, INTERFACE), record.plugins(), record.result());
            for (ObjectNode plugin : record.plugins()) {
                if (plugin.path("type").asText().equals("bridge") && plugin.path("ipMasq").asBoolean()) {
                    natRules.sweepMasquerade(plugin.path("name").asText(), record.containerId());
                }
            }
        }
        namespace.ifPresent(namespaces::delete);
        files.delete(record.containerId());
        store.delete(record.containerId());
    }

    /**
     * A published port is a DNAT rule that takes new connections to the host port away from whatever listens there:
     * refuse ports another container publishes, ports a host process has bound (the agent's own API port among
     * them) and, unless the node allows it, privileged ports. Called under this manager's lock, so two containers
     * asking for one port cannot both pass. With network host there is no DNAT: the container binds the host port
     * itself, and the kernel refuses one in use.
     */
    private void checkHostPortsFree(String containerId, NetworkMode mode, List<PortSpec> ports, List<PortSpec> published)
    {
        if (published.isEmpty()) {
            return;
        }
        for (PortSpec wanted : mode == NetworkMode.BRIDGE ? published : List.<PortSpec>of()) {
            String field = "ports[" + ports.indexOf(wanted) + "]";
            if (wanted.hostPort() < 1024 && !config.allowPrivilegedPorts()) {
                throw new InvalidSpec(field + ": host port " + PortRules.describe(wanted) + " is privileged (below 1024); the node policy "
                        + NetworkConfig.ALLOW_PRIVILEGED_PORTS.name() + " does not allow publishing it");
            }
            Optional<String> holder = hostSockets.holder(wanted);
            if (holder.isPresent()) {
                throw new InvalidSpec(field + ": host port " + PortRules.describe(wanted) + " is already in use on this host by " + holder.get()
                        + "; publishing it would take its connections over");
            }
        }
        for (AttachmentRecord other : store.list()) {
            if (other.containerId().equals(containerId)) {
                continue;
            }
            for (PortSpec taken : other.publishedPorts()) {
                for (PortSpec wanted : published) {
                    if (PortRules.clash(taken, wanted)) {
                        throw new Network("host port " + PortRules.describe(wanted) + " is already published by container "
                                + other.containerId() + " (" + PortRules.describe(taken) + ")");
                    }
                }
            }
        }
    }

    /** @return the container's IPv4 address and gateway from a CNI result */
    private static String[] ipv4(JsonNode result, String containerId)
    {
        for (JsonNode ip : result.path("ips")) {
            String cidr = ip.path("address").asText("");
            if (cidr.contains(".") && cidr.contains("/")) {
                return new String[] {cidr.substring(0, cidr.indexOf('/')), ip.path("gateway").asText(null)};
            }
        }
        throw new Network("the bridge network gave container " + containerId + " no IPv4 address: " + result);
    }

    private static void checkContainerId(String containerId)
    {
        requireNonNull(containerId, "containerId is null");
        if (!CONTAINER_ID.matcher(containerId).matches()) {
            throw new InvalidSpec("container id \"" + containerId + "\" cannot name a network attachment: use letters, digits, _ . - (at most 128, starting with a letter or digit)");
        }
    }

    private static String describe(List<PortSpec> ports)
    {
        return ports.isEmpty() ? "none" : String.join(", ", ports.stream().map(PortRules::describe).toList());
    }
}
