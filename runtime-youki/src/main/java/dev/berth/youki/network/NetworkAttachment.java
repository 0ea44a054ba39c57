package dev.berth.youki.network;

import static java.util.Objects.requireNonNull;

import dev.berth.core.spec.NetworkMode;
import dev.berth.core.spec.PortSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A container's network, as the OCI bundle needs it.
 *
 * @param namespacePath the network namespace to join: {@code linux.namespaces: [{type: network, path}]} in the OCI
 * config; empty for HOST, where the config has no network namespace entry so the container shares the host's
 * @param address the container's IPv4 address on the bridge (BRIDGE only)
 * @param gateway the bridge's address, the container's default route (BRIDGE only)
 * @param publishedPorts the ports reachable from the host, as published
 * @param resolvConf suggested {@code /etc/resolv.conf} content for the container
 */
public record NetworkAttachment(
        String containerId,
        NetworkMode mode,
        Optional<Path> namespacePath,
        Optional<String> address,
        Optional<String> gateway,
        List<PortSpec> publishedPorts,
        String resolvConf)
{
    public NetworkAttachment
    {
        requireNonNull(containerId, "containerId is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(namespacePath, "namespacePath is null");
        requireNonNull(address, "address is null");
        requireNonNull(gateway, "gateway is null");
        publishedPorts = List.copyOf(requireNonNull(publishedPorts, "publishedPorts is null"));
        requireNonNull(resolvConf, "resolvConf is null");
    }

    /** Suggested {@code /etc/hosts} content: localhost, and {@code hostname} on the container's address. */
    public String hosts(String hostname)
    {
        requireNonNull(hostname, "hostname is null");
        StringBuilder hosts = new StringBuilder()
                .append("127.0.0.1\tlocalhost\n")
                .append("::1\tlocalhost ip6-localhost ip6-loopback\n");
        if (!hostname.isEmpty()) {
            hosts.append(address.orElse("127.0.1.1")).append('\t').append(hostname).append('\n');
        }
        return hosts.toString();
    }
}
