package dev.berth.node.cluster;

import dev.berth.core.testing.Eventually;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.bridge.testing.TestEtcd;
import dev.berth.bridge.testing.TestTcpProxy;
import dev.berth.core.testing.Requirements;
import dev.berth.image.testing.TestImages;
import dev.berth.node.it.Scratch;
import dev.berth.node.testing.AgentProcess;
import dev.berth.node.testing.Cli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The disconnect fence on a real agent (runc): one node reaching etcd through a TCP proxy that the test cuts. Its
 * cluster service's container goes; the container started with {@code berth run} stays. Back, the node runs the
 * cluster service again, as the scheduler gives it back (it is the only node).
 */
class AgentFenceTest
{
    private static final String IMAGE = "test/busybox:latest";

    private static Path scratch;
    private static TestEtcd etcd;
    private static TestTcpProxy proxy;
    private static AgentProcess agent;
    private static Cli cli;

    @BeforeAll
    static void startNode()
            throws Exception
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("etcd");
        Requirements.requireExecutable("runc");
        Requirements.requireExecutable("conmon");
        Requirements.require(TestImages.busyboxAvailable(), "/bin/busybox (busybox-static)");
        scratch = Files.createTempDirectory(Path.of("/tmp"), "bfence-");
        etcd = TestEtcd.start();
        proxy = new TestTcpProxy(etcd.clientPort());
        agent = AgentProcess.start(scratch.resolve("node"), scratch.resolve("node.sock"),
                "--set", "bridge.mode=etcd",
                "--set", "bridge.etcd.endpoints=" + proxy.endpoint(),
                "--set", "bridge.node.id=fence-" + ProcessHandle.current().pid(),
                "--set", "bridge.etcd.lease-ttl=2s",
                "--set", "bridge.etcd.resync-interval=1s");
        agent.awaitReady(Duration.ofSeconds(90));
        cli = new Cli(scratch.resolve("node.sock"));
        TestImages.busybox().writeLayout(scratch.resolve("layout"), "latest");
        assertThat(cli.run("load", scratch.resolve("layout").toString(), IMAGE).exit()).isZero();
    }

    @AfterAll
    static void stopNode()
    {
        if (cli != null) {
            try {
                for (JsonNode container : cli.run("ps", "--json").json()) {
                    cli.run("rm", "-f", container.path("id").asText());
                }
            }
            catch (RuntimeException | AssertionError e) {
                // the agent may be down: its containers go with the scratch directory
            }
        }
        if (agent != null) {
            agent.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (etcd != null) {
            etcd.close();
        }
        Scratch.removeQuietly(scratch);
    }

    @Test
    void aCutOffNodeStopsItsClusterServiceButNeverALocalContainer()
            throws Exception
    {
        Path spec = scratch.resolve("fenced.yaml");
        Files.writeString(spec, "name: fenced-app\nimage: " + IMAGE + "\nargs: [sleep, \"3600\"]\n");
        Cli.Result deployed = cli.run("deploy", "-f", spec.toString());
        assertThat(deployed.exit()).as(deployed.err()).isZero();
        assertThat(deployed.out()).contains("submitted to the cluster");
        Cli.Result local = cli.run("run", "-d", "--here", "--name", "local-app", IMAGE, "sleep", "3600");
        assertThat(local.exit()).as(local.err()).isZero();
        await("fenced-app and local-app running", () -> running("fenced-app") == 1 && running("local-app") == 1, Duration.ofSeconds(60));

        proxy.cut();
        await("fenced-app stopped by the fence", () -> live("fenced-app") == 0, Duration.ofSeconds(20));
        assertThat(running("local-app")).as("a berth run --here container is never fenced").isEqualTo(1);

        proxy.restore();
        await("fenced-app given back to the only node", () -> running("fenced-app") == 1, Duration.ofSeconds(60));
        assertThat(running("local-app")).isEqualTo(1);
    }

    private static int running(String service)
    {
        return containers(service, state -> state.equals("running")).size();
    }

    private static int live(String service)
    {
        return containers(service, state -> !state.equals("exited") && !state.equals("failed") && !state.equals("removed")).size();
    }

    private static List<JsonNode> containers(String service, Predicate<String> state)
    {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode container : cli.run("ps", "--json").json()) {
            if (container.path("service").asText().equals(service) && state.test(container.path("state").asText())) {
                found.add(container);
            }
        }
        return found;
    }

    private static void await(String what, Supplier<Boolean> condition, Duration timeout)
    {
        Eventually.eventually(timeout, condition::get, () -> what + "\n" + agent.log());
    }
}
