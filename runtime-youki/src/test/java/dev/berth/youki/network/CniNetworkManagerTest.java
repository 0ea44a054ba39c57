package dev.berth.youki.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.Configuration;
import dev.berth.core.error.Network;
import dev.berth.core.error.NotFound;
import dev.berth.core.spec.NetworkMode;
import dev.berth.core.spec.PortSpec;
import dev.berth.oci.linux.CommandHostFilesystem;
import dev.berth.oci.linux.HostFilesystem;
import dev.berth.oci.linux.LazyLibC;
import dev.berth.oci.linux.NativeHostFilesystem;
import dev.berth.oci.process.LocalCommandTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Root tests against the real CNI plugins in /usr/lib/cni, each on a bridge and subnet of its own. */
class CniNetworkManagerTest
{
    private static final String SUBNET = "10.254.251.0/24";
    private static final HostFilesystem FILESYSTEM = new NativeHostFilesystem(new LazyLibC(), Duration.ofSeconds(10));

    @TempDir
    Path stateDirectory;
    private HostNetworkFixture host;
    private NetworkConfig config;
    private CniNetworkManager manager;

    @BeforeEach
    void setUp()
    {
        host = new HostNetworkFixture(stateDirectory);
        config = host.config("a", SUBNET, Duration.ofSeconds(30));
        manager = new CniNetworkManager(config, FILESYSTEM);
    }

    @AfterEach
    void tearDown()
    {
        if (host == null) {
            return;
        }
        try {
            for (NetworkAttachment attachment : manager.attachments()) {
                manager.detach(attachment.containerId());
            }
        }
        finally {
            host.close();
        }
    }

    @Test
    void noneGivesAFreshNamespaceWithOnlyLoopbackUp()
    {
        NetworkAttachment attachment = manager.attach("none-" + host.suffix, NetworkMode.NONE, List.of());

        Path namespace = attachment.namespacePath().orElseThrow();
        assertThat(namespace).isEqualTo(config.stateDirectory().resolve("netns").resolve("none-" + host.suffix));
        String links = host.inNamespace(namespace, "ip", "-o", "link", "show").stdout();
        assertThat(links.lines()).hasSize(1);
        assertThat(links).contains("lo:").contains("UP");
        assertThat(host.inNamespace(namespace, "ip", "-o", "-4", "addr", "show", "dev", "lo").stdout()).contains("127.0.0.1/8");
        assertThat(attachment.address()).isEmpty();

        manager.detach(attachment.containerId());

        assertThat(namespace).doesNotExist();
        assertThat(manager.find(attachment.containerId())).isEmpty();
    }

    @Test
    void theNamespaceDirectoryIsMountedOnlyWhileItHoldsANamespace()
    {
        NetworkNamespaces namespaces = new NetworkNamespaces(config.stateDirectory().resolve("netns"), FILESYSTEM);
        String first = "dir1-" + host.suffix;
        String second = "dir2-" + host.suffix;
        manager.attach(first, NetworkMode.NONE, List.of());
        manager.attach(second, NetworkMode.NONE, List.of());
        assertThat(namespaces.isMounted(namespaces.directory())).isTrue();

        manager.detach(first);
        assertThat(namespaces.isMounted(namespaces.directory())).as("one namespace is left in it").isTrue();
        assertThat(namespaces.isMounted(namespaces.pathFor(second))).isTrue();

        manager.detach(second);
        assertThat(namespaces.isMounted(namespaces.directory())).as("empty: a stopped agent's data dir can be removed").isFalse();

        Path again = manager.attach(first, NetworkMode.NONE, List.of()).namespacePath().orElseThrow();
        assertThat(namespaces.isMounted(namespaces.directory())).isTrue();
        assertThat(host.inNamespace(again, "ip", "-o", "link", "show", "lo").stdout()).contains("UP");
    }

    @Test
    void anAgentThatRestartedUnmountsTheDirectoryWithTheLastNamespaceAnEarlierOneMade()
    {
        NetworkNamespaces namespaces = new NetworkNamespaces(config.stateDirectory().resolve("netns"), FILESYSTEM);
        String id = "restart-" + host.suffix;
        manager.attach(id, NetworkMode.NONE, List.of());
        assertThat(namespaces.isMounted(namespaces.directory())).isTrue();

        // the next agent's manager: it made no namespace, so nothing in memory says the directory is mounted
        new CniNetworkManager(config, FILESYSTEM).detach(id);

        assertThat(namespaces.isMounted(namespaces.pathFor(id))).isFalse();
        assertThat(namespaces.isMounted(namespaces.directory())).as("empty: a stopped agent's data dir can be removed").isFalse();
    }

    @Test
    void noneThroughCommandsHasTheLoopbackPluginBringLoUp()
    {
        // the command path (a transport elsewhere) leaves lo down after unshare, and the manager falls back to CNI
        CniNetworkManager commands = new CniNetworkManager(host.config("d", "10.254.245.0/24", Duration.ofSeconds(30)),
                new CommandHostFilesystem(new LocalCommandTransport(), Duration.ofSeconds(30)));
        String id = "cmd-" + host.suffix;
        Path namespace = commands.attach(id, NetworkMode.NONE, List.of()).namespacePath().orElseThrow();
        try {
            assertThat(host.inNamespace(namespace, "ip", "-o", "link", "show", "lo").stdout()).contains("UP");
        }
        finally {
            commands.detach(id);
        }
        assertThat(namespace).doesNotExist();
    }

    @Test
    void bridgePublishesAPortReachableFromTheHostOnLoopback()
            throws Exception
    {
        int hostPort = HostNetworkFixture.freeHostPort();
        String id = "web-" + host.suffix;
        NetworkAttachment attachment = manager.attach(id, NetworkMode.BRIDGE, List.of(new PortSpec(8080, hostPort, "tcp", "127.0.0.1")));

        assertThat(attachment.address()).hasValueSatisfying(address ->
                assertThat(Ipv4Subnet.parse(SUBNET).contains(Ipv4Subnet.parseAddress(address))).isTrue());
        assertThat(attachment.gateway()).contains("10.254.251.1");
        assertThat(attachment.publishedPorts()).containsExactly(new PortSpec(8080, hostPort, "tcp", "127.0.0.1"));
        assertThat(attachment.hosts("web")).contains(attachment.address().orElseThrow() + "\tweb");
        Path namespace = attachment.namespacePath().orElseThrow();
        assertThat(host.inNamespace(namespace, "ip", "-o", "link", "show", "lo").stdout()).contains("UP");
        assertThat(HostNetworkFixture.read(Path.of("/proc/sys/net/ipv4/conf", config.bridge(), "route_localnet"))).isEqualTo("1");

        Path site = Files.createDirectories(stateDirectory.resolve("site"));
        Files.writeString(site.resolve("index.html"), "hello from " + id + "\n");
        Process server = new ProcessBuilder("nsenter", "--net=" + namespace, "busybox", "httpd", "-f", "-p", "8080", "-h", site.toString())
                .redirectErrorStream(true).start();
        try {
            assertThat(HostNetworkFixture.fetch("http://127.0.0.1:" + hostPort + "/index.html")).isEqualTo("hello from " + id + "\n");
        }
        finally {
            server.destroyForcibly().waitFor();
        }
    }

    @Test
    void detachRemovesPortRulesLeaseAndNamespaceAndIsIdempotent()
    {
        String id = "gone-" + host.suffix;
        NetworkAttachment attachment = manager.attach(id, NetworkMode.BRIDGE, List.of(new PortSpec(80, HostNetworkFixture.freeHostPort(), "tcp", "")));
        Path lease = config.stateDirectory().resolve("ipam").resolve(config.networkName()).resolve(attachment.address().orElseThrow());
        assertThat(lease).exists();
        assertThat(host.natRules()).contains("id: \\\"" + id + "\\\"").contains("dnat name: \\\"" + config.networkName() + "\\\" id: \\\"" + id + "\\\"");
        String containerAddress = "-s " + attachment.address().orElseThrow() + "/32 -j ACCEPT";
        assertThat(host.filterRules()).as("the firewall plugin accepts the container's forwarded traffic").contains(containerAddress);

        manager.detach(id);

        assertThat(host.natRules()).doesNotContain(id);
        assertThat(host.filterRules()).doesNotContain(containerAddress);
        assertThat(lease).doesNotExist();
        assertThat(attachment.namespacePath().orElseThrow()).doesNotExist();
        assertThat(manager.attachments()).isEmpty();
        manager.detach(id);
        manager.detach("never-attached");
    }

    @Test
    void pluginFailureSurfacesAsNetworkWithThePluginsMessage()
    {
        // A /30 holds the gateway and one container: the second attach finds host-local's range exhausted.
        CniNetworkManager tiny = new CniNetworkManager(host.config("b", "10.254.252.0/30", Duration.ofSeconds(30)), FILESYSTEM);
        try {
            tiny.attach("first-" + host.suffix, NetworkMode.BRIDGE, List.of());

            assertThatThrownBy(() -> tiny.attach("second-" + host.suffix, NetworkMode.BRIDGE, List.of()))
                    .isInstanceOf(Network.class)
                    .hasMessageContaining("CNI plugin bridge ADD for container second-" + host.suffix + " failed")
                    .hasMessageContaining("no IP addresses available");
            assertThat(tiny.find("second-" + host.suffix)).as("a failed attachment is not offered as complete").isEmpty();
            Path leftover = host.stateDirectory.resolve("b").resolve("netns").resolve("second-" + host.suffix);
            assertThat(leftover).as("nothing is deleted on failure").exists();

            tiny.detach("second-" + host.suffix);
            assertThat(leftover).doesNotExist();
            assertThat(tiny.attachments()).extracting(NetworkAttachment::containerId).containsExactly("first-" + host.suffix);
        }
        finally {
            tiny.detach("first-" + host.suffix);
            tiny.detach("second-" + host.suffix);
        }
    }

    @Test
    void aRestartedAgentFindsChecksAndDetachesEarlierAttachments()
    {
        String id = "kept-" + host.suffix;
        PortSpec port = new PortSpec(80, HostNetworkFixture.freeHostPort(), "tcp", "127.0.0.1");
        NetworkAttachment before = manager.attach(id, NetworkMode.BRIDGE, List.of(port));

        CniNetworkManager restarted = new CniNetworkManager(config, FILESYSTEM);

        assertThat(restarted.find(id)).contains(before);
        assertThat(restarted.attachments()).containsExactly(before);
        restarted.check(id);
        assertThat(restarted.attach(id, NetworkMode.BRIDGE, List.of(port))).as("attaching again is idempotent").isEqualTo(before);
        assertThatThrownBy(() -> restarted.attach(id, NetworkMode.NONE, List.of()))
                .isInstanceOf(Network.class)
                .hasMessageContaining("already attached (bridge");

        host.inNamespace(before.namespacePath().orElseThrow(), "ip", "link", "del", "eth0");
        assertThatThrownBy(() -> restarted.check(id)).isInstanceOf(Network.class).hasMessageContaining("CHECK");

        assertThat(restarted.detachUnknown(Set.of(id))).isEmpty();
        assertThat(restarted.detachUnknown(Set.of("someone-else"))).containsExactly(id);
        assertThat(host.natRules()).doesNotContain(id);
        assertThat(before.namespacePath().orElseThrow()).doesNotExist();
        assertThatThrownBy(() -> restarted.check(id)).isInstanceOf(NotFound.class);
    }

    @Test
    void aHostPortIsPublishedOnce()
    {
        int hostPort = HostNetworkFixture.freeHostPort();
        manager.attach("owner-" + host.suffix, NetworkMode.BRIDGE, List.of(new PortSpec(80, hostPort, "tcp", "")));

        assertThatThrownBy(() -> manager.attach("thief-" + host.suffix, NetworkMode.BRIDGE, List.of(new PortSpec(81, hostPort, "tcp", "127.0.0.1"))))
                .isInstanceOf(Network.class)
                .hasMessageContaining("host port 127.0.0.1:" + hostPort + "/tcp is already published by container owner-" + host.suffix);
        assertThat(manager.find("thief-" + host.suffix)).isEmpty();
    }

    @Test
    void aHostPortBoundOnTheHostIsRefusedNamingItsHolder()
            throws Exception
    {
        // this JVM stands for the agent: a published port would DNAT its API away
        try (java.net.ServerSocket api = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = api.getLocalPort();
            assertThatThrownBy(() -> manager.attach("api-" + host.suffix, NetworkMode.BRIDGE, List.of(new PortSpec(80, 0, "tcp", ""), new PortSpec(8080, port, "tcp", ""))))
                    .isInstanceOf(dev.berth.core.error.InvalidSpec.class)
                    .hasMessageContaining("ports[1]: host port *:" + port + "/tcp is already in use on this host by this berth agent itself (pid "
                            + ProcessHandle.current().pid());
            assertThat(manager.find("api-" + host.suffix)).isEmpty();
        }
        int port = HostNetworkFixture.freeHostPort();
        Process server = new ProcessBuilder("busybox", "nc", "-l", "-p", Integer.toString(port)).start();
        try {
            awaitListening(port);
            assertThatThrownBy(() -> manager.attach("nc-" + host.suffix, NetworkMode.BRIDGE, List.of(new PortSpec(8080, port, "tcp", "127.0.0.1"))))
                    .isInstanceOf(dev.berth.core.error.InvalidSpec.class)
                    .hasMessageContaining("ports[0]: host port 127.0.0.1:" + port + "/tcp is already in use on this host by pid " + server.pid() + " (busybox)");
            // the same port number over UDP is another socket, and free
            assertThat(manager.attach("udp-" + host.suffix, NetworkMode.BRIDGE, List.of(new PortSpec(8080, port, "udp", ""))).publishedPorts()).hasSize(1);
        }
        finally {
            server.destroyForcibly().waitFor();
        }
    }

    @Test
    void privilegedHostPortsNeedTheNodePolicy()
    {
        assertThatThrownBy(() -> manager.attach("web-" + host.suffix, NetworkMode.BRIDGE, List.of(new PortSpec(8080, 80, "tcp", ""))))
                .isInstanceOf(dev.berth.core.error.InvalidSpec.class)
                .hasMessageContaining("ports[0]: host port *:80/tcp is privileged (below 1024)")
                .hasMessageContaining("runtime.youki.network.allow-privileged-ports");
        assertThat(manager.find("web-" + host.suffix)).isEmpty();
    }

    private static void awaitListening(int port)
            throws InterruptedException
    {
        HostSockets sockets = HostSockets.local();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (sockets.holder(new PortSpec(1, port, "tcp", "")).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nothing listens on " + port);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aSubnetAnotherInterfaceRoutesIsRefusedBeforeAnythingIsSetUp()
    {
        String other = "bd" + host.suffix; // a second bridge: any device will do, and this kernel has no dummy driver
        host.commands.runChecked("other device", List.of("ip", "link", "add", other, "type", "bridge"));
        try {
            host.commands.runChecked("other device", List.of("ip", "addr", "add", "10.254.249.1/24", "dev", other));
            host.commands.runChecked("other device", List.of("ip", "link", "set", other, "up"));
            CniNetworkManager clashing = new CniNetworkManager(host.config("c", "10.254.249.0/24", Duration.ofSeconds(30)), FILESYSTEM);

            assertThatThrownBy(() -> clashing.attach("clash-" + host.suffix, NetworkMode.BRIDGE, List.of()))
                    .isInstanceOf(Configuration.class)
                    .hasMessageContaining("runtime.youki.network.subnet: 10.254.249.0/24 overlaps the host route")
                    .hasMessageContaining("dev " + other);
            assertThat(clashing.find("clash-" + host.suffix)).isEmpty();
            assertThat(host.commands.run(List.of("ip", "link", "show", "bt" + host.suffix + "c")).succeeded()).as("no bridge was made").isFalse();
        }
        finally {
            host.commands.run(List.of("ip", "link", "del", other));
        }
    }

    @Test
    void attachingAgainReplacesAnAttachmentWhoseNamespaceIsGone()
    {
        String id = "stale-" + host.suffix;
        NetworkAttachment before = manager.attach(id, NetworkMode.BRIDGE, List.of());
        Path namespace = before.namespacePath().orElseThrow();
        // What a reboot does to a state dir on persistent storage: the record survives, the namespace does not.
        host.commands.runChecked("umount", List.of("umount", namespace.toString()));

        NetworkAttachment after = manager.attach(id, NetworkMode.BRIDGE, List.of());

        assertThat(host.inNamespace(namespace, "ip", "-o", "-4", "addr", "show", "dev", "eth0").stdout())
                .contains(after.address().orElseThrow() + "/24");
        manager.check(id);
    }

    @Test
    void hostModeHasNoNamespace()
    {
        NetworkAttachment attachment = manager.attach("host-" + host.suffix, NetworkMode.HOST, List.of(new PortSpec(80, 80, "tcp", "")));

        assertThat(attachment.namespacePath()).isEmpty();
        assertThat(attachment.address()).isEmpty();
        assertThat(manager.find("host-" + host.suffix)).contains(attachment);
        manager.detach("host-" + host.suffix);
        assertThat(manager.find("host-" + host.suffix)).isEmpty();
    }
}
