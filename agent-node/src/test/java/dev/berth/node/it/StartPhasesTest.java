package dev.berth.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.testing.Requirements;
import dev.berth.image.testing.TestImages;
import dev.berth.image.testing.TestRegistry;
import dev.berth.node.client.HttpResponse;
import dev.berth.node.client.UnixHttpClient;
import dev.berth.node.testing.AgentProcess;
import dev.berth.node.testing.Cli;
import dev.berth.node.testing.Cli.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The phases of real container starts on the real agent (runc, conmon, a loopback registry): in {@code inspect}
 * (JSON and text), in the {@code container.start} event and in {@code /metrics}.
 */
class StartPhasesTest
{
    static Path scratch;
    static AgentProcess agent;
    static Cli cli;
    static TestRegistry registry;

    @BeforeAll
    static void startAgent()
            throws Exception
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("runc");
        Requirements.requireExecutable("conmon");
        Requirements.require(TestImages.busyboxAvailable(), "/bin/busybox (busybox-static)");
        Requirements.require(Files.isExecutable(TestRegistry.BINARY), TestRegistry.BINARY.toString());
        scratch = Files.createTempDirectory(Path.of("/tmp"), "bnp-");
        registry = TestRegistry.start();
        agent = AgentProcess.startReady(scratch.resolve("a"), scratch.resolve("a.sock"));
        cli = new Cli(agent.socket());
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
        if (registry != null) {
            registry.close();
        }
        Scratch.removeQuietly(scratch);
    }

    @Test
    void aStartFromTheRegistryThenFromTheStoreShowsEachPhase()
            throws Exception
    {
        String reference = registry.push(TestImages.busybox().layer(TestImages.layer().random("phases", 300_000, 7)).build(),
                "phases/busybox:v1");
        Result fresh = cli.run("run", "-d", "--name", "phases-fresh", reference, "sleep", "3600");
        assertThat(fresh.exit()).as(fresh.err()).isZero();
        JsonNode first = cli.run("inspect", "phases-fresh", "--json").json().path("startPhases");
        assertThat(first.path("pullCached").asBoolean()).as(first.toString()).isFalse();
        assertThat(first.path("pullBytes").asLong()).as("the layers came from the registry: " + first).isGreaterThan(300_000);
        for (String phase : List.of("queueMs", "pullMs", "unpackMs", "createMs", "startMs")) {
            assertThat(first.has(phase)).as(phase + " in " + first).isTrue();
            assertThat(first.path(phase).asDouble()).as(phase).isGreaterThanOrEqualTo(0);
        }
        assertThat(first.path("pullMs").asDouble()).as("a pull took some time").isPositive();
        assertThat(first.path("createMs").asDouble()).as("runc create took some time").isPositive();
        assertThat(first.has("firstHealthMs")).as("no health check, no first pass").isFalse();

        Result again = cli.run("run", "-d", "--name", "phases-stored", reference, "sleep", "3600");
        assertThat(again.exit()).as(again.err()).isZero();
        JsonNode second = cli.run("inspect", "phases-stored", "--json").json().path("startPhases");
        assertThat(second.path("pullCached").asBoolean()).as(second.toString()).isTrue();
        assertThat(second.path("pullBytes").asLong()).isZero();

        String text = cli.run("inspect", "phases-stored").out();
        assertThat(text).contains("startPhases:").contains("  pullCached: true").containsPattern("(?m)^  createMs: [0-9.]+$");

        JsonNode start = cli.run("events", "--json").jsonLines().stream()
                .filter(event -> event.path("type").asText().equals("container.start") && event.path("subject").asText().equals("phases-fresh.1"))
                .findFirst().orElseThrow();
        assertThat(start.path("attributes").path("backend").asText()).isEqualTo("youki");
        assertThat(start.path("attributes").path("pullBytes").asText()).isEqualTo(String.valueOf(first.path("pullBytes").asLong()));
        assertThat(start.path("attributes").path("createMs").asDouble()).isEqualTo(first.path("createMs").asDouble());

        try (HttpResponse response = new UnixHttpClient(agent.socket()).send("GET", "/metrics", null, null)) {
            String metrics = response.bodyText(1 << 20);
            // the other test's start may count too: at least these two
            for (String phase : List.of("pull", "create", "start")) {
                Matcher count = Pattern.compile("(?m)^berth_container_start_phase_seconds_count\\{backend=\"youki\",phase=\"" + phase + "\"} (\\d+)")
                        .matcher(metrics);
                assertThat(count.find()).as(phase + " in\n" + metrics).isTrue();
                assertThat(Integer.parseInt(count.group(1))).as(phase).isGreaterThanOrEqualTo(2);
            }
            assertThat(metrics).contains("# HELP berth_container_start_phase_seconds ");
        }
    }

    @Test
    void theFirstHealthPassIsAPhase()
            throws Exception
    {
        TestImages.busybox().writeLayout(scratch.resolve("layout"), "latest");
        assertThat(cli.run("load", scratch.resolve("layout").toString(), "test/phases:latest").exit()).isZero();
        Path spec = scratch.resolve("healthy.yaml");
        Files.writeString(spec, """
                services:
                  phases-healthy:
                    image: test/phases:latest
                    command: [sleep, "3600"]
                    health: {type: exec, command: ["true"], interval: 1s, timeout: 2s, retries: 3}
                """);
        Result deploy = cli.run("deploy", "-f", spec.toString());
        assertThat(deploy.exit()).as(deploy.err()).isZero();
        long deadline = System.nanoTime() + 30_000_000_000L;
        JsonNode inspect = cli.run("inspect", "phases-healthy", "--json").json();
        while (!inspect.path("startPhases").has("firstHealthMs") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            inspect = cli.run("inspect", "phases-healthy", "--json").json();
        }
        assertThat(inspect.path("health").asText()).isEqualTo("healthy");
        assertThat(inspect.path("startPhases").path("firstHealthMs").asDouble()).as(inspect.toString()).isPositive();
        assertThat(inspect.path("startPhases").path("pullCached").asBoolean()).as("a loaded image is not pulled").isTrue();
    }
}
