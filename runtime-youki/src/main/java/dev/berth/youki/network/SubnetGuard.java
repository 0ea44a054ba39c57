package dev.berth.youki.network;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Configuration;

import java.util.List;
import java.util.Optional;

/**
 * Refuses a bridge subnet that overlaps a route the host already has through another device: the bridge plugin
 * would happily add a second, competing route, and traffic to part of that network would silently go astray.
 */
public final class SubnetGuard
{
    private final CommandRunner runner;

    public SubnetGuard(CommandRunner runner)
    {
        this.runner = requireNonNull(runner, "runner is null");
    }

    /** @throws Configuration naming the key, the subnet and the clashing route */
    public void check(Ipv4Subnet subnet, String bridge)
    {
        String routes = runner.runChecked("cannot read the host's routes", List.of("ip", "-4", "-o", "route", "show", "table", "all")).stdout();
        Optional<String> clash = clash(routes, subnet, bridge);
        if (clash.isPresent()) {
            throw new Configuration(NetworkConfig.SUBNET.name() + ": " + subnet + " overlaps the host route \"" + clash.get()
                    + "\"; choose a subnet no other interface uses");
        }
    }

    /** The first route in {@code ip -o route} output that overlaps {@code subnet} through a device other than {@code bridge}. */
    static Optional<String> clash(String routes, Ipv4Subnet subnet, String bridge)
    {
        for (String line : routes.lines().toList()) {
            String[] words = line.strip().split("\\s+");
            int start = words.length > 0 && isRouteType(words[0]) ? 1 : 0;
            if (words.length <= start || words[start].equals("default")) {
                continue;
            }
            String device = deviceOf(words);
            if (bridge.equals(device)) {
                continue;
            }
            Ipv4Subnet destination;
            try {
                String target = words[start];
                destination = target.contains("/") ? parseLoosely(target) : parseLoosely(target + "/32");
            }
            catch (IllegalArgumentException e) {
                continue;
            }
            if (destination != null && destination.overlaps(subnet)) {
                return Optional.of(line.strip());
            }
        }
        return Optional.empty();
    }

    // Host routes (/32) and wide ones (/0) fall outside Ipv4Subnet's range for bridges; compare by masking instead.
    private static Ipv4Subnet parseLoosely(String cidr)
    {
        int slash = cidr.indexOf('/');
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        if (prefix < 1 || prefix > 32) {
            return null;
        }
        int address = Ipv4Subnet.parseAddress(cidr.substring(0, slash));
        int bounded = Math.min(prefix, 30);
        int mask = -1 << (32 - bounded);
        return new Ipv4Subnet(address & mask, bounded);
    }

    private static boolean isRouteType(String word)
    {
        return List.of("local", "broadcast", "unicast", "multicast", "blackhole", "unreachable", "prohibit", "throw", "nat", "anycast").contains(word);
    }

    private static String deviceOf(String[] words)
    {
        for (int index = 0; index + 1 < words.length; index++) {
            if (words[index].equals("dev")) {
                return words[index + 1];
            }
        }
        return "";
    }
}
