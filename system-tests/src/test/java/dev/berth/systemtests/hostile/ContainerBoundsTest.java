package dev.berth.systemtests.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.runtime.OutputTail;
import dev.berth.node.client.AgentClient;
import dev.berth.node.testing.AgentProcess;
import dev.berth.node.testing.Cli;
import dev.berth.node.testing.Cli.Result;
import dev.berth.systemtests.testing.AgentFixture;
import dev.berth.systemtests.testing.Containers;
import dev.berth.systemtests.testing.ProcessFigures;
import dev.berth.systemtests.testing.Scratch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one container can cost the agent and the host: exec output is kept as a bounded tail (50 MB once ended the
 * agent with OutOfMemoryError, heap 256 MiB), and a container whose spec sets no pids limit gets the node default.
 */
class ContainerBoundsTest
{
    private static final int PIDS_LIMIT = 64;

    static Path scratch;
    static AgentFixture fixture;
    static AgentProcess agent;
    static Cli cli;

    @BeforeAll
    static void startAgent()
            throws Exception
    {
        AgentFixture.requireHost();
        scratch = Scratch.create("bst-bounds-");
        fixture = AgentFixture.start(scratch, "--set", "runtime.youki.default-pids-limit=" + PIDS_LIMIT);
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
    void fiftyMegabytesOfExecOutputReturnTheirTailAndTheAgentLives()
    {
        Result run = cli.run("run", "-d", "--name", "loud", AgentFixture.IMAGE, "sleep", "3600");
        assertThat(run.exit()).as(run.err()).isZero();
        for (int round = 0; round < 3; round++) {
            ObjectNode request = AgentClient.object();
            request.putArray("command").add("sh").add("-c").add("head -c 50000000 /dev/zero | tr '\\0' a; printf END");
            JsonNode result = agent.client().post("/v1/containers/loud/exec", request);
            assertThat(result.path("exitCode").asInt(-1)).isZero();
            String stdout = result.path("stdout").asText();
            assertThat(stdout).hasSize(OutputTail.EXEC_LIMIT).endsWith("aaaEND");
        }
        assertThat(agent.alive()).isTrue();
        long rssMib = ProcessFigures.of(agent.pid()).rssKib() / 1024;
        System.out.println("agent RSS after 3 x 50 MB of exec output: " + rssMib + " MiB");
        // the bound: the heap's limit (-Xmx256m) plus 64 MiB
        assertThat(rssMib).isLessThan(256 + 64);
        assertThat(cli.run("ps").exit()).isZero();
    }

    @Test
    void aForkBombWithoutAPidsLimitStopsAtTheNodeDefault()
            throws Exception
    {
        Result run = cli.run("run", "-d", "--name", "bomb", AgentFixture.IMAGE, "sleep", "3600");
        assertThat(run.exit()).as(run.err()).isZero();
        Result forks = cli.run("exec", "bomb", "sh", "-c", "i=0; while [ $i -lt 200 ]; do sleep 60 & i=$((i+1)); done; echo spawned");
        assertThat(forks.err()).contains("can't fork");
        // the container's own pids cgroup says what bound it (an exec cannot tell: it would need a pid itself)
        Path cgroup = Path.of("/sys/fs/cgroup/pids").resolve(AgentFixture.CGROUP_PARENT.substring(1)).resolve(Containers.find(cli, "bomb.1").orElseThrow().path("id").asText());
        if (!Files.isDirectory(cgroup)) {
            cgroup = Path.of("/sys/fs/cgroup").resolve(AgentFixture.CGROUP_PARENT.substring(1)).resolve(Containers.find(cli, "bomb.1").orElseThrow().path("id").asText());
        }
        assertThat(cgroup.resolve("pids.max")).hasContent(Integer.toString(PIDS_LIMIT));
        assertThat(Long.parseLong(Files.readString(cgroup.resolve("pids.current")).strip())).isBetween(2L, (long) PIDS_LIMIT);
    }
}
