package dev.berth.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.testing.Requirements;
import dev.berth.image.testing.TestImages;
import dev.berth.node.testing.AgentProcess;
import dev.berth.node.testing.Cli;
import dev.berth.node.testing.Cli.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The WSL2 delegate end to end through the CLI on this Linux host: an agent whose only backend is {@code wsl2} on the
 * local transport (its commands run here, runc as its runtime, under conmon), running a real container.
 */
class Wsl2DelegateCliTest
{
    private static final String IMAGE = "test/busybox:latest";

    private static Path scratch;
    private static AgentProcess agent;
    private static Cli cli;

    @BeforeAll
    static void startAgent()
            throws Exception
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("runc");
        Requirements.requireExecutable("conmon");
        Requirements.require(TestImages.busyboxAvailable(), "/bin/busybox (busybox-static)");
        scratch = Files.createTempDirectory(Path.of("/tmp"), "bnt-wsl2-");
        agent = AgentProcess.startReady(scratch.resolve("a"), scratch.resolve("a.sock"),
                "--set", "runtime.backends=wsl2",
                "--set", "runtime.wsl2.transport=local",
                "--set", "runtime.wsl2.distro=linux-host",
                "--set", "runtime.wsl2.binary=/usr/sbin/runc",
                "--set", "runtime.wsl2.flavor=runc",
                "--set", "runtime.wsl2.root=/run/berth-wsl2-test/" + scratch.getFileName(),
                "--set", "runtime.wsl2.state-dir=" + scratch.resolve("distro-state"),
                "--set", "runtime.wsl2.record-dir=" + scratch.resolve("records"),
                "--set", "runtime.wsl2.cgroup-parent=" + AgentProcess.CGROUP_PARENT);
        cli = new Cli(agent.socket());
        TestImages.busybox().writeLayout(scratch.resolve("layout"), "latest");
        assertThat(cli.run("load", scratch.resolve("layout").toString(), IMAGE).exit()).isZero();
    }

    @AfterAll
    static void stopAgent()
    {
        if (agent != null) {
            for (JsonNode container : cli.run("ps", "--json").json()) {
                cli.run("rm", "-f", container.path("id").asText());
            }
            agent.close();
        }
        if (scratch != null) {
            Scratch.removeQuietly(Path.of("/run/berth-wsl2-test", scratch.getFileName().toString()));
        }
        Scratch.removeQuietly(scratch);
    }

    @Test
    void aContainerRunsThroughTheDelegate()
    {
        JsonNode node = cli.run("node", "--json").json();
        assertThat(node.path("backends").path("wsl2").path("status").asText()).isEqualTo("active");
        assertThat(node.path("backends").path("youki").path("reason").asText()).contains("not listed in runtime.backends");

        Result hello = cli.run("run", "--rm", "--name", "hello", IMAGE, "sh", "-c", "echo hello from the delegate; exit 3");
        assertThat(hello.exit()).as(hello.err()).isEqualTo(3);
        assertThat(hello.out()).isEqualTo("hello from the delegate\n");

        Result detached = cli.run("run", "-d", "--name", "sleeper", IMAGE, "sleep", "300");
        assertThat(detached.exit()).as(detached.err()).isZero();
        JsonNode inspect = cli.run("inspect", "sleeper", "--json").json();
        assertThat(inspect.toString()).contains("\"wsl2\"");
        Result exec = cli.run("exec", "sleeper", "cat", "/proc/1/cmdline");
        assertThat(exec.exit()).as(exec.err()).isZero();
        assertThat(exec.out()).contains("sleep");
        assertThat(Path.of(scratch.resolve("distro-state").toString(), "containers")).isDirectoryRecursivelyContaining("glob:**/config.json");
        assertThat(cli.run("stop", "sleeper").exit()).isZero();
        assertThat(cli.run("rm", "sleeper").exit()).as("an exited container is removed without force").isZero();
        assertThat(cli.run("inspect", "sleeper").exit()).isEqualTo(3);
    }
}
