package dev.berth.youki.network;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.berth.core.testing.Requirements;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A throw-away CNI network for root tests: its own bridge name, network name, subnet and state directory, and a
 * {@link #close()} that removes what the plugins leave on the host (the bridge, the portmap and firewall top-level
 * chains this run created, the ip_forward setting the bridge plugin turned on unless other veths are in use, the netns directory mount).
 */
final class HostNetworkFixture
        implements AutoCloseable
{
    private static final List<String> PORTMAP_CHAINS = List.of("CNI-HOSTPORT-DNAT", "CNI-HOSTPORT-SETMARK", "CNI-HOSTPORT-MASQ");
    private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

    final CommandRunner commands = new CommandRunner(Duration.ofSeconds(20));
    final String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    final Path stateDirectory;
    private final List<String> bridges = new ArrayList<>();
    private final boolean portmapChainsExisted;
    private final boolean firewallChainsExisted;
    private final String ipForward;

    HostNetworkFixture(Path stateDirectory)
    {
        Requirements.requireRoot();
        Requirements.require(Files.isExecutable(Path.of("/usr/lib/cni/bridge")) && Files.isExecutable(Path.of("/usr/lib/cni/portmap")),
                "the CNI plugins in /usr/lib/cni (containernetworking-plugins)");
        Requirements.requireExecutable("iptables");
        Requirements.requireExecutable("busybox");
        this.stateDirectory = stateDirectory;
        this.portmapChainsExisted = natRules().contains("-N CNI-HOSTPORT-DNAT");
        this.firewallChainsExisted = filterRules().contains("-N CNI-FORWARD");
        this.ipForward = read(IP_FORWARD);
    }

    /** A config for a fresh bridge ({@code bt<suffix><tag>}) on {@code subnet}, registered for cleanup. */
    NetworkConfig config(String tag, String subnet, Duration timeout)
    {
        String bridge = "bt" + suffix + tag;
        bridges.add(bridge);
        return new NetworkConfig(Path.of("/usr/lib/cni"), "berth-test-" + suffix + tag, bridge, Ipv4Subnet.parse(subnet),
                stateDirectory.resolve(tag), timeout, Path.of("/etc/resolv.conf"));
    }

    String natRules()
    {
        return commands.runChecked("iptables", List.of("iptables", "-w", "-t", "nat", "-S")).stdout();
    }

    String filterRules()
    {
        return commands.runChecked("iptables", List.of("iptables", "-w", "-S")).stdout();
    }

    /** Runs a command inside a network namespace. */
    CommandResult inNamespace(Path namespace, String... command)
    {
        List<String> argv = new ArrayList<>(List.of("nsenter", "--net=" + namespace));
        argv.addAll(List.of(command));
        return commands.run(argv, Map.of(), new byte[0]);
    }

    static int freeHostPort()
    {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** GETs {@code url}, retrying for up to 15 seconds while the server starts, and returns the 200 body. */
    static String fetch(String url)
            throws InterruptedException
    {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response.body();
                }
                last = new IOException("HTTP " + response.statusCode());
            }
            catch (IOException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no answer from " + url, last);
    }

    static String read(Path file)
    {
        try {
            return Files.readString(file, UTF_8).strip();
        }
        catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    @Override
    public void close()
    {
        for (String bridge : bridges) {
            commands.run(List.of("ip", "link", "del", bridge));
        }
        try (var mounts = Files.lines(Path.of("/proc/self/mountinfo"))) {
            List<String> ours = mounts.map(line -> line.split(" ")[4]).filter(point -> point.startsWith(stateDirectory.toString())).toList();
            // Deepest first: namespace files before the directories they sit in.
            ours.stream().sorted((first, second) -> second.length() - first.length())
                    .forEach(point -> commands.run(List.of("umount", "-l", point)));
        }
        catch (IOException e) {
            throw new AssertionError(e);
        }
        if (!portmapChainsExisted && !natRules().contains("-A CNI-HOSTPORT-DNAT")) {
            commands.run(List.of("iptables", "-w", "-t", "nat", "-D", "PREROUTING", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "CNI-HOSTPORT-DNAT"));
            commands.run(List.of("iptables", "-w", "-t", "nat", "-D", "OUTPUT", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "CNI-HOSTPORT-DNAT"));
            commands.run(List.of("iptables", "-w", "-t", "nat", "-D", "POSTROUTING", "-m", "comment", "--comment", "CNI portfwd requiring masquerade", "-j", "CNI-HOSTPORT-MASQ"));
            for (String chain : PORTMAP_CHAINS) {
                commands.run(List.of("iptables", "-w", "-t", "nat", "-F", chain));
                commands.run(List.of("iptables", "-w", "-t", "nat", "-X", chain));
            }
        }
        boolean firewallInUse = filterRules().lines().anyMatch(line -> line.startsWith("-A CNI-FORWARD ") && !line.contains("-j CNI-ADMIN"));
        if (!firewallChainsExisted && !firewallInUse) {
            commands.run(List.of("iptables", "-w", "-D", "FORWARD", "-m", "comment", "--comment", "CNI firewall plugin rules", "-j", "CNI-FORWARD"));
            commands.run(List.of("iptables", "-w", "-F", "CNI-FORWARD"));
            commands.run(List.of("iptables", "-w", "-X", "CNI-FORWARD"));
            commands.run(List.of("iptables", "-w", "-X", "CNI-ADMIN"));
        }
        // Put ip_forward back only when no other container network (veth) is in use: another agent may rely on it.
        boolean othersUseVeths = !commands.run(List.of("ip", "-o", "link", "show", "type", "veth")).stdout().isBlank();
        if (!read(IP_FORWARD).equals(ipForward) && !othersUseVeths) {
            try {
                Files.writeString(IP_FORWARD, ipForward);
            }
            catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }
}
