package dev.berth.systemtests.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.node.testing.AgentProcess;
import dev.berth.node.testing.Cli;
import dev.berth.systemtests.testing.AgentFixture;
import dev.berth.systemtests.testing.Scratch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-container monitor (conmon) SIGKILLed under a running container, then the container's own process killed. */
class MonitorKilledTest
{
    static final String IMAGE = AgentFixture.IMAGE;

    static Path scratch;
    static AgentFixture fixture;
    static AgentProcess agent;
    static Cli cli;

    @BeforeAll
    static void startAgent()
            throws Exception
    {
        AgentFixture.requireHost();
        scratch = Scratch.create("bst-mon-");
        fixture = AgentFixture.start(scratch);
        agent = fixture.agent();
        cli = fixture.cli();
    }

    @AfterAll
    static void stopAgent()
    {
        if (fixture != null) {
            fixture.close();
        }
        Scratch.removeQuietly(scratch);
    }

    @Test
    void stateStaysTrueAndTheExitIsExplainedWhenConmonDies()
            throws Exception
    {
        assertThat(cli.run("run", "-d", "--name", "orphaned", IMAGE, "sleep", "3600").exit()).isZero();
        Path directory = agent.dataDir().resolve("youki/containers/orphaned.1");
        long conmon = Long.parseLong(Files.readString(directory.resolve("conmon.pid")).strip());
        long pid = cli.run("inspect", "orphaned", "--json").json().path("pid").asLong();
        assertThat(pid).isPositive();
        ProcessHandle.of(conmon).orElseThrow().destroyForcibly();
        awaitGone(conmon);

        JsonNode afterMonitor = cli.run("inspect", "orphaned", "--json").json();
        System.out.println("after conmon SIGKILL: " + afterMonitor);
        assertThat(afterMonitor.path("state").asText()).as("the container itself still runs").isEqualTo("running");
        assertThat(afterMonitor.path("pid").asLong()).isEqualTo(pid);
        assertThat(agent.alive()).isTrue();

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        awaitGone(pid);
        JsonNode afterExit = awaitNotRunning("orphaned");
        System.out.println("after the container's SIGKILL: " + afterExit);
        // with conmon gone nobody reaped the process, so its status (137) is not recoverable: the record says so
        // instead of showing a made-up code
        assertThat(afterExit.path("state").asText()).isEqualTo("failed");
        assertThat(afterExit.has("exitCode") && !afterExit.path("exitCode").isNull()).as("no made-up exit code: " + afterExit).isFalse();
        assertThat(afterExit.path("failure").path("message").asText()).contains("orphaned.1").contains("monitor (conmon) was gone")
                .contains("exit code is unknown");
        assertThat(cli.run("rm", "orphaned").exit()).isZero();
    }

    private static JsonNode awaitNotRunning(String name)
            throws InterruptedException
    {
        JsonNode view = null;
        for (int i = 0; i < 150; i++) {
            view = cli.run("inspect", name, "--json").json();
            if (!view.path("state").asText().equals("running")) {
                return view;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " still shown running 30s after its process died: " + view);
    }

    private static void awaitGone(long pid)
            throws InterruptedException
    {
        for (int i = 0; i < 100 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(50);
        }
    }
}
