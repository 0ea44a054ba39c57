package dev.berth.youki.network;

import dev.berth.core.error.InvalidSpec;
import dev.berth.core.spec.NetworkMode;
import dev.berth.core.spec.PortSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Which of a spec's ports a network mode can publish, and whether two published ports claim the same host socket. */
public final class PortRules
{
    private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "sctp");

    private PortRules() {}

    /** {@code ""} and {@code 0.0.0.0} both mean every host address. */
    public static boolean allAddresses(String hostIp)
    {
        return hostIp.isEmpty() || hostIp.equals("0.0.0.0");
    }

    /**
     * @return the ports to publish (those with a host port), in spec order
     * @throws InvalidSpec naming every port the mode cannot publish
     */
    public static List<PortSpec> published(NetworkMode mode, List<PortSpec> ports)
    {
        List<String> problems = new ArrayList<>();
        List<PortSpec> published = new ArrayList<>();
        for (int index = 0; index < ports.size(); index++) {
            PortSpec port = ports.get(index);
            String field = "ports[" + index + "]";
            if (!PROTOCOLS.contains(port.protocol())) {
                problems.add(field + ": protocol \"" + port.protocol() + "\" is not one of tcp|udp|sctp");
            }
            if (port.containerPort() < 1 || port.containerPort() > 65535) {
                problems.add(field + ": containerPort " + port.containerPort() + " is not in 1..65535");
            }
            if (port.hostPort() < 0 || port.hostPort() > 65535) {
                problems.add(field + ": hostPort " + port.hostPort() + " is not in 1..65535");
            }
            if (!allAddresses(port.hostIp())) {
                try {
                    Ipv4Subnet.parseAddress(port.hostIp());
                }
                catch (IllegalArgumentException e) {
                    problems.add(field + ": hostIp \"" + port.hostIp() + "\" is not an IPv4 address (the bridge network is IPv4 only)");
                }
            }
            if (!port.published()) {
                continue;
            }
            switch (mode) {
                case NONE -> problems.add(field + ": network none publishes no ports; use bridge");
                case HOST -> {
                    if (port.hostPort() != port.containerPort()) {
                        problems.add(field + ": with network host the container listens on the host itself, so hostPort "
                                + port.hostPort() + " must equal containerPort " + port.containerPort());
                    }
                }
                case BRIDGE -> { }
            }
            for (int other = 0; other < published.size(); other++) {
                if (clash(published.get(other), port)) {
                    problems.add(field + ": host port " + describe(port) + " is published twice");
                }
            }
            published.add(port);
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpec(String.join("; ", problems));
        }
        return List.copyOf(published);
    }

    /** Whether both ports would bind the same host port and protocol on a shared address. */
    public static boolean clash(PortSpec first, PortSpec second)
    {
        return first.hostPort() == second.hostPort()
                && first.protocol().equals(second.protocol())
                && (allAddresses(first.hostIp()) || allAddresses(second.hostIp()) || first.hostIp().equals(second.hostIp()));
    }

    public static String describe(PortSpec port)
    {
        String address = allAddresses(port.hostIp()) ? "*" : port.hostIp();
        return address + ":" + port.hostPort() + "/" + port.protocol();
    }
}
