package dev.berth.node.crash;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A container that exits while the agent is down (SIGKILLed) has its true exit code after the next agent recovers. */
class DeadWhileDownTest
{
    private CrashFixture fixture;

    @AfterEach
    void cleanUp()
    {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void exitCodeOfAContainerThatDiedWhileTheAgentWasDownIsReported()
            throws Exception
    {
        fixture = CrashFixture.start();
        var run = fixture.cli().run("run", "-d", "--name", "doomed", CrashFixture.IMAGE, "sh", "-c", "sleep 2; exit 7");
        assertThat(run.exit()).as(run.err()).isZero();
        String id = run.out().strip();
        long pid = fixture.cli().run("inspect", id, "--json").json().path("pid").asLong();
        assertThat(pid).isPositive();

        fixture.agent().kill();
        CrashFixture.await(Duration.ofSeconds(30), () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true),
                "container process " + pid + " exits while the agent is down");

        fixture.startAgent();
        JsonNode inspect = fixture.cli().run("inspect", id, "--json").json();
        assertThat(inspect.path("state").asText()).as(inspect.toString()).isIn("exited", "failed");
        assertThat(inspect.path("exitCode").isInt()).as(inspect.toString()).isTrue();
        assertThat(inspect.path("exitCode").asInt()).as(inspect.toString()).isEqualTo(7);
        assertThat(CrashFixture.texts(fixture.recovery().path("exited"))).as("recovery report").anyMatch(e -> e.contains(id));
    }
}
