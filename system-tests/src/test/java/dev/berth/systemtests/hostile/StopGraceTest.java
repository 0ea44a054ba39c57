package dev.berth.systemtests.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.image.testing.TestImages;
import dev.berth.node.client.AgentClient;
import dev.berth.node.testing.AgentProcess;
import dev.berth.node.testing.Cli;
import dev.berth.node.testing.Cli.Result;
import dev.berth.systemtests.testing.AgentFixture;
import dev.berth.systemtests.testing.Containers;
import dev.berth.systemtests.testing.Scratch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A huge stop grace must not hold a container for good (issue 20 #10). The spec's grace is bounded, and on a real
 * container that ignores SIGTERM, a stop with a shorter grace and a forced removal both end a stop that is already
 * waiting out a long grace: they kill the container, and the waiting stop returns.
 */
class StopGraceTest
{
    static final String IMAGE = AgentFixture.IMAGE;
    /** Ignores SIGTERM, noting that it came. */
    static final String STUBBORN = "args: [sh, -c, 'trap \"echo term >> /term\" TERM; while :; do sleep 1; done']";
    /** Bounds each scenario: a hang fails it instead of holding the build. */
    static final Duration BOUND = Duration.ofSeconds(60);

    static Path scratch;
    static AgentProcess agent;
    static Cli cli;

    @BeforeAll
    static void startAgent()
            throws Exception
    {
        AgentFixture.requireHost();
        scratch = Scratch.create("bst-grace-");
        agent = AgentFixture.startAgent(scratch.resolve("data"), scratch.resolve("a.sock"));
        cli = agent.cli();
        TestImages.busybox().writeLayout(scratch.resolve("layout"), "latest");
        assertThat(cli.run("load", scratch.resolve("layout").toString(), IMAGE).exit()).isZero();
    }

    @AfterAll
    static void stopAgent()
            throws Exception
    {
        if (agent != null) {
            // bounded: without the fix a removal would wait out the stop's 10m grace
            CompletableFuture<Void> removal = CompletableFuture.runAsync(() -> Containers.removeAll(cli));
            try {
                removal.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            }
            finally {
                agent.close();
            }
        }
        Scratch.removeQuietly(scratch);
    }

    @Test
    void aGraceOverTheMaximumIsRefusedNamingTheField()
            throws Exception
    {
        Result deploy = deploy("huge", "stopGrace: 99999d");
        assertThat(deploy.exit()).isEqualTo(2);
        assertThat(deploy.json().path("message").asText()).contains("stopGrace: 2399976h is over the maximum of 1h");
        assertThat(Containers.find(cli, "huge.1")).isEmpty();

        assertThat(deploy("small", "stopGrace: 1s").exit()).isZero();
        Result stop = cli.run("stop", "--json", "--time", "99999d", "small");
        assertThat(stop.exit()).isEqualTo(2);
        assertThat(stop.json().path("message").asText()).contains("grace: 2399976h is not between 0s and the maximum of 1h");
    }

    @Test
    void aShorterGraceEndsAStopThatIsWaiting()
            throws Exception
    {
        assertThat(deploy("hold", "stopGrace: 10m\n" + STUBBORN).exit()).isZero();
        AgentClient client = agent.client();
        CompletableFuture<JsonNode> longStop = CompletableFuture.supplyAsync(() -> client.post("/v1/containers/hold/stop", null));
        awaitSigterm("hold.1");

        assertTimeoutPreemptively(BOUND, () -> {
            JsonNode shortStop = client.post("/v1/containers/hold/stop?grace=1s", null);
            assertThat(shortStop.get(0).path("state").asText()).isEqualTo("exited");
            JsonNode first = longStop.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertThat(first.get(0).path("state").asText()).as("the waiting stop returned").isEqualTo("exited");
            assertThat(first.get(0).path("exitCode").asInt()).as("killed").isEqualTo(137);
        });
    }

    @Test
    void aForcedRemovalEndsAStopThatIsWaiting()
            throws Exception
    {
        assertThat(deploy("hold2", "stopGrace: 10m\n" + STUBBORN).exit()).isZero();
        AgentClient client = agent.client();
        CompletableFuture<JsonNode> longStop = CompletableFuture.supplyAsync(() -> client.post("/v1/containers/hold2/stop", null));
        awaitSigterm("hold2.1");

        assertTimeoutPreemptively(BOUND, () -> {
            client.delete("/v1/containers/hold2?force=true");
            longStop.handle((stopped, error) -> null).get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertThat(Containers.find(cli, "hold2.1")).as("removed").isEmpty();
        });
    }

    private static Result deploy(String name, String extra)
            throws Exception
    {
        Path spec = scratch.resolve(name + ".yaml");
        Files.writeString(spec, "name: " + name + "\nimage: " + IMAGE + "\n" + extra + "\n");
        return cli.run("deploy", "--json", "-f", spec.toString());
    }

    /** Waits (bounded) until the container's trap has seen the stop's SIGTERM: the stop then holds the replica. */
    private static void awaitSigterm(String id)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!cli.run("exec", id, "cat", "/term").out().contains("term")) {
            assertThat(System.nanoTime() - deadline).as("SIGTERM reached " + id + " within " + BOUND).isNegative();
            Thread.sleep(200);
        }
    }
}
