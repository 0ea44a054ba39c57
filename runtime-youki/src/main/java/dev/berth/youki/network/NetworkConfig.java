package dev.berth.youki.network;

import static java.util.Objects.requireNonNull;

import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.Configuration;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Container networking settings, under {@code runtime.youki.network.}.
 *
 * @param cniPath where the CNI plugin binaries live (CNI_PATH)
 * @param networkName the CNI network name: scopes host-local leases and tags the plugins' iptables rules
 * @param bridge the node bridge every BRIDGE-mode container is attached to
 * @param subnet the bridge's IPv4 subnet; the gateway is its first address
 * @param stateDirectory network namespaces, IP leases and attachment records
 * @param pluginTimeout the limit for each plugin or helper command
 * @param resolvConf the host file whose nameservers containers get
 * @param allowPrivilegedPorts node policy: whether a spec may publish a host port below 1024
 */
public record NetworkConfig(
        Path cniPath,
        String networkName,
        String bridge,
        Ipv4Subnet subnet,
        Path stateDirectory,
        Duration pluginTimeout,
        Path resolvConf,
        boolean allowPrivilegedPorts)
{
    private static final String PREFIX = "runtime.youki.network.";
    private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    private static final Pattern NETWORK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    public static final ConfigKey<String> CNI_PATH = ConfigKey.string(PREFIX + "cni-path", "/usr/lib/cni",
            "Directory of the CNI plugins (bridge, host-local, portmap, loopback); Debian's containernetworking-plugins installs them here.");
    public static final ConfigKey<String> NETWORK_NAME_KEY = new ConfigKey<>(PREFIX + "name", "berth",
            text -> checked(text, NETWORK_NAME, "a CNI network name ([A-Za-z0-9_.-], at most 63)"),
            "CNI network name; scopes IP leases and tags the iptables rules the plugins write.");
    public static final ConfigKey<String> BRIDGE = new ConfigKey<>(PREFIX + "bridge", "berth0",
            text -> checked(text, INTERFACE_NAME, "an interface name ([A-Za-z0-9_.-], at most 15)"),
            "Name of the node bridge that BRIDGE-mode containers attach to; created on first use.");
    public static final ConfigKey<Ipv4Subnet> SUBNET = new ConfigKey<>(PREFIX + "subnet", Ipv4Subnet.parse("10.253.0.0/16"),
            Ipv4Subnet::parse,
            "IPv4 subnet of the bridge, default 10.253.0.0/16: clear of Docker (172.17/16), Podman (10.88/16) and the usual Kubernetes pod ranges.");
    public static final ConfigKey<String> STATE_DIRECTORY = ConfigKey.string(PREFIX + "state-dir", "/run/berth/network",
            "Network namespaces, IP leases and attachment records. Under /run by default: they live exactly as long as the namespaces do, until reboot.");
    public static final ConfigKey<Duration> PLUGIN_TIMEOUT = ConfigKey.duration(PREFIX + "plugin-timeout", Duration.ofSeconds(30),
            "Limit for each CNI plugin call and each namespace command.");
    public static final ConfigKey<String> RESOLV_CONF = ConfigKey.string(PREFIX + "resolv-conf", "/etc/resolv.conf",
            "Host resolv.conf whose nameservers containers get; loopback nameservers are dropped for BRIDGE mode.");

    public static final ConfigKey<Boolean> ALLOW_PRIVILEGED_PORTS = ConfigKey.bool(PREFIX + "allow-privileged-ports", false,
            "Node policy: whether a spec may publish a host port below 1024 (ssh, http, dns...). Default false.");

    public NetworkConfig
    {
        requireNonNull(cniPath, "cniPath is null");
        requireNonNull(networkName, "networkName is null");
        requireNonNull(bridge, "bridge is null");
        requireNonNull(subnet, "subnet is null");
        requireNonNull(stateDirectory, "stateDirectory is null");
        requireNonNull(pluginTimeout, "pluginTimeout is null");
        requireNonNull(resolvConf, "resolvConf is null");
        checked(networkName, NETWORK_NAME, "a CNI network name");
        checked(bridge, INTERFACE_NAME, "an interface name");
        if (pluginTimeout.isNegative() || pluginTimeout.isZero()) {
            throw new IllegalArgumentException("pluginTimeout must be positive");
        }
    }

    /** Privileged host ports refused (the default policy). */
    public NetworkConfig(Path cniPath, String networkName, String bridge, Ipv4Subnet subnet, Path stateDirectory, Duration pluginTimeout, Path resolvConf)
    {
        this(cniPath, networkName, bridge, subnet, stateDirectory, pluginTimeout, resolvConf, false);
    }

    /** Every key this class reads, for the youki plugin's {@code configKeys()}. */
    public static List<ConfigKey<?>> configKeys()
    {
        return List.of(CNI_PATH, NETWORK_NAME_KEY, BRIDGE, SUBNET, STATE_DIRECTORY, PLUGIN_TIMEOUT, RESOLV_CONF, ALLOW_PRIVILEGED_PORTS);
    }

    /**
     * @throws dev.berth.core.error.Configuration naming the key with a bad value
     */
    public static NetworkConfig from(ConfigMap config)
    {
        Duration timeout = config.get(PLUGIN_TIMEOUT);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new Configuration(PLUGIN_TIMEOUT.name() + ": must be positive");
        }
        return new NetworkConfig(
                Path.of(config.get(CNI_PATH)),
                config.get(NETWORK_NAME_KEY),
                config.get(BRIDGE),
                config.get(SUBNET),
                Path.of(config.get(STATE_DIRECTORY)),
                timeout,
                Path.of(config.get(RESOLV_CONF)),
                config.get(ALLOW_PRIVILEGED_PORTS));
    }

    private static String checked(String text, Pattern pattern, String what)
    {
        if (!pattern.matcher(text).matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not " + what);
        }
        return text;
    }
}
