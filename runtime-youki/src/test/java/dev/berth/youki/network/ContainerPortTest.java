package dev.berth.youki.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.runtime.ContainerRequest;
import dev.berth.core.runtime.ExecRequest;
import dev.berth.core.runtime.ExecResult;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.spec.NetworkMode;
import dev.berth.core.spec.PortSpec;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.core.testing.Requirements;
import dev.berth.oci.testing.TestFlavor;
import dev.berth.youki.testing.YoukiHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * End to end through the youki backend: a real runc or crun container on the CNI bridge serves HTTP on a port
 * published to the host's loopback; a {@code none} container has loopback only.
 */
class ContainerPortTest
{
    @TempDir
    Path stateDirectory;
    private HostNetworkFixture host;
    private YoukiHarness harness;
    private NetworkConfig config;

    private void start(TestFlavor flavor)
    {
        host = new HostNetworkFixture(stateDirectory);
        Requirements.requireExecutable(flavor == TestFlavor.CRUN ? "crun" : "runc");
        Requirements.requireExecutable("conmon");
        config = host.config("e", "10.254.253.0/24", Duration.ofSeconds(30));
        harness = YoukiHarness.create(flavor, Map.of(), new NetworkModule(config), new NetworkFilesModule());
    }

    @AfterEach
    void tearDown()
    {
        try {
            if (harness != null) {
                harness.close();
            }
        }
        finally {
            if (host != null) {
                host.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestFlavor.class, names = {"RUNC", "CRUN"})
    void aPublishedPortReachesTheContainersHttpServer(TestFlavor flavor)
            throws Exception
    {
        start(flavor);
        RuntimeBackend backend = harness.backend();
        int hostPort = HostNetworkFixture.freeHostPort();
        String id = "http-" + host.suffix;
        ServiceSpec spec = bridged(ServiceSpec.of(id, YoukiHarness.BUSYBOX, List.of("httpd", "-f", "-p", "8080", "-h", "/etc")),
                List.of(new PortSpec(8080, hostPort, "tcp", "127.0.0.1")));

        backend.create(new ContainerRequest(id, spec, harness.busybox(), Map.of()));
        backend.start(id);

        assertThat(HostNetworkFixture.fetch("http://127.0.0.1:" + hostPort + "/passwd")).startsWith("root:x:0:0:");
        NetworkAttachment attachment = harness.injector().getInstance(NetworkManager.class).find(id).orElseThrow();
        assertThat(HostNetworkFixture.fetch("http://127.0.0.1:" + hostPort + "/hosts"))
                .as("the container's /etc/hosts names it on its bridge address")
                .contains(attachment.address().orElseThrow() + "\t");
        assertThat(HostNetworkFixture.fetch("http://127.0.0.1:" + hostPort + "/resolv.conf")).isEqualTo(attachment.resolvConf());

        backend.remove(id, true);

        assertThat(harness.injector().getInstance(NetworkManager.class).find(id)).isEmpty();
        assertThat(host.natRules()).doesNotContain(id);
        assertThat(attachment.namespacePath().orElseThrow()).doesNotExist();
        assertThat(config.stateDirectory().resolve("files").resolve(id)).doesNotExist();
    }

    @Test
    void noneGivesTheContainerOnlyLoopbackUp()
    {
        start(TestFlavor.RUNC);
        RuntimeBackend backend = harness.backend();
        String id = "none-" + host.suffix;
        backend.create(new ContainerRequest(id, ServiceSpec.of(id, YoukiHarness.BUSYBOX, List.of("sleep", "60")), harness.busybox(), Map.of()));
        backend.start(id);

        ExecResult links = backend.exec(id, ExecRequest.of(Duration.ofSeconds(10), "ip", "-o", "link", "show"));

        assertThat(links.exitCode()).isZero();
        assertThat(links.stdout().lines()).hasSize(1);
        assertThat(links.stdout()).contains("lo:").contains("UP");
        Path namespace = harness.injector().getInstance(NetworkManager.class).find(id).orElseThrow().namespacePath().orElseThrow();
        backend.remove(id, true);
        assertThat(namespace).doesNotExist();
    }

    private static ServiceSpec bridged(ServiceSpec spec, List<PortSpec> ports)
    {
        return new ServiceSpec(spec.name(), spec.image(), spec.command(), spec.args(), spec.env(), spec.secretEnv(), spec.workingDir(),
                spec.user(), spec.tty(), ports, spec.mounts(), NetworkMode.BRIDGE, spec.resources(), spec.platform(), spec.isolation(),
                spec.runtime(), spec.labels(), spec.health(), spec.init(), spec.initPolicy(), spec.depends(), spec.restart(), spec.replicas(),
                spec.security(), spec.startTimeout(), spec.stopGrace());
    }
}
