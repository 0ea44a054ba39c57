package dev.berth.youki.network;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.spec.PortSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the CNI network configurations berth hands to the plugins: loopback for every namespace, and for the bridge
 * network a list of bridge (with host-local IPAM), portmap when ports are published, and firewall.
 */
public final class CniConfigurations
{
    /** The spec version berth speaks; Debian 12's plugins (1.1.1) support it. */
    public static final String CNI_VERSION = "1.0.0";

    private final NetworkConfig config;
    private final ObjectMapper mapper;

    public CniConfigurations(NetworkConfig config, ObjectMapper mapper)
    {
        this.config = requireNonNull(config, "config is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    public ObjectNode loopback()
    {
        ObjectNode loopback = mapper.createObjectNode();
        loopback.put("cniVersion", CNI_VERSION);
        loopback.put("name", "lo");
        loopback.put("type", "loopback");
        return loopback;
    }

    /** @param published ports already validated and with {@code hostPort != 0} */
    public List<ObjectNode> bridgeNetwork(List<PortSpec> published)
    {
        List<ObjectNode> plugins = new ArrayList<>();
        plugins.add(bridge());
        if (!published.isEmpty()) {
            plugins.add(portmap(published));
        }
        plugins.add(firewall());
        return List.copyOf(plugins);
    }

    private ObjectNode bridge()
    {
        ObjectNode bridge = header("bridge");
        bridge.put("bridge", config.bridge());
        bridge.put("isGateway", true);
        bridge.put("ipMasq", true);
        // Lets a container reach its own published ports through the host.
        bridge.put("hairpinMode", true);
        ObjectNode ipam = bridge.putObject("ipam");
        ipam.put("type", "host-local");
        ipam.putArray("ranges").addArray().addObject().put("subnet", config.subnet().toString());
        ipam.putArray("routes").addObject().put("dst", "0.0.0.0/0");
        // Leases live beside the namespaces, so both vanish together at reboot.
        ipam.put("dataDir", config.stateDirectory().resolve("ipam").toString());
        return bridge;
    }

    private ObjectNode portmap(List<PortSpec> published)
    {
        ObjectNode portmap = header("portmap");
        portmap.putObject("capabilities").put("portMappings", true);
        // snat makes 127.0.0.1:hostPort work: portmap sets route_localnet on the bridge and masquerades the
        // loopback source, which the container could not otherwise answer.
        portmap.put("snat", true);
        ArrayNode mappings = portmap.putObject("runtimeConfig").putArray("portMappings");
        for (PortSpec port : published) {
            ObjectNode mapping = mappings.addObject();
            mapping.put("hostPort", port.hostPort());
            mapping.put("containerPort", port.containerPort());
            mapping.put("protocol", port.protocol());
            if (!PortRules.allAddresses(port.hostIp())) {
                mapping.put("hostIP", port.hostIp());
            }
        }
        return portmap;
    }

    /**
     * Accepts the container's traffic in the filter FORWARD chain, so egress and published ports keep working on
     * hosts whose FORWARD policy is DROP (any host with Docker installed).
     */
    private ObjectNode firewall()
    {
        ObjectNode firewall = header("firewall");
        firewall.put("backend", "iptables");
        return firewall;
    }

    private ObjectNode header(String type)
    {
        ObjectNode node = mapper.createObjectNode();
        node.put("cniVersion", CNI_VERSION);
        node.put("name", config.networkName());
        node.put("type", type);
        return node;
    }
}
