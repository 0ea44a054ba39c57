package dev.berth.node.crash;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.image.testing.TestImages;
import dev.berth.node.client.AgentClient;
import dev.berth.node.testing.Cli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash-injection case for rolling updates: a service of three replicas is updated back and forth between two
 * images while the agent is SIGKILLed at a random instant of each update (seeded; {@code -Dcrash.seed=N} replays it) and
 * restarted. After each restart and recovery the service must be on one revision or the other, never on neither: every
 * replica running, all of them the image of the revision the service says it is on, and the update settled.
 */
class RollingUpdateCrashTest
{
    private static final int KILLS = Integer.getInteger("crash.rolling.kills", 6);
    private static final String NEXT = "test/busybox:next";
    private static final String SERVICE = "roll";

    private static CrashFixture fixture;

    @BeforeAll
    static void start()
            throws Exception
    {
        fixture = CrashFixture.start();
        Path layout = fixture.scratch().resolve("next");
        TestImages.busybox().writeLayout(layout, "next");
        assertThat(fixture.cli().run("load", layout.toString(), NEXT).exit()).isZero();
    }

    @AfterAll
    static void cleanUp()
    {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void anAgentKilledDuringAnUpdateLeavesTheServiceOnOneRevisionOrTheOther()
            throws Exception
    {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.out.println("rolling update crash seed: " + seed + " (replay with -Dcrash.seed=" + seed + ")");
        Random random = new Random(seed);
        assertThat(fixture.cli().run("deploy", "-f", spec(CrashFixture.IMAGE).toString()).exit()).isZero();
        String current = CrashFixture.IMAGE;
        long lastRevision = 1;
        List<String> outcomes = new ArrayList<>();
        for (int kill = 0; kill < KILLS; kill++) {
            String target = current.equals(CrashFixture.IMAGE) ? NEXT : CrashFixture.IMAGE;
            String document = document(target);
            AgentClient client = new AgentClient(fixture.scratch().resolve("a.sock"));
            Thread update = new Thread(() -> {
                try {
                    client.postText("/v1/deploy", document);
                }
                catch (RuntimeException e) {
                    // the agent was killed under it
                }
            }, "rolling-update");
            update.start();
            // three replicas, each stopped with a 1s grace (sleep ignores SIGTERM) and replaced behind a 1s gate, take
            // 6s or more (about 10s on a busy machine): a kill lands anywhere in the update, or after it
            Thread.sleep(random.nextInt(12000));
            fixture.agent().kill();
            update.join(60_000);
            assertThat(update.isAlive()).as("the deploy call ends once the agent is gone").isFalse();
            fixture.startAgent();

            Cli cli = fixture.cli();
            AgentClient restarted = new AgentClient(fixture.scratch().resolve("a.sock"));
            CrashFixture.await(Duration.ofSeconds(60), () -> settled(restarted.get("/v1/services/" + SERVICE)), "the update settles after the restart");
            JsonNode service = restarted.get("/v1/services/" + SERVICE);
            String state = service.path("update").path("state").asText("none");
            // a new revision is current only once its update is done; a rollback (or no update at all) keeps the old one
            long revision = service.path("revision").asLong();
            String expected = revision > lastRevision ? target : current;
            assertThat(state).as("round %d: %s", kill, service).isIn("none", "done", "rolled-back");
            if (revision > lastRevision) {
                assertThat(state).as("round %d: a new revision only once its update is done: %s", kill, service).isEqualTo("done");
            }
            lastRevision = revision;
            CrashFixture.await(Duration.ofSeconds(30), () -> allRunning(cli, expected), "every replica runs " + expected + " (" + service + ")");
            Set<String> images = new TreeSet<>();
            cli.run("ps", "--json").json().forEach(container -> images.add(container.path("image").asText()));
            assertThat(images).as("round %d, update %s: %s", kill, state, service).containsExactly(expected);
            assertThat(runningInRuntime()).as("runc's own listing after round %d", kill).hasSize(3);
            outcomes.add(state);
            current = expected;
        }
        System.out.println("rolling update crash: " + KILLS + " kills, updates left " + outcomes);
        assertThat(outcomes).as("at least one kill landed in the middle of an update").contains("rolled-back");
    }

    private static boolean settled(JsonNode service)
    {
        String state = service.path("update").path("state").asText("none");
        return !state.equals("rolling") && !state.equals("rolling-back");
    }

    private static boolean allRunning(Cli cli, String image)
    {
        JsonNode ps = cli.run("ps", "--json").json();
        if (ps.size() != 3) {
            return false;
        }
        for (JsonNode container : ps) {
            if (!container.path("state").asText().equals("running") || !container.path("image").asText().equals(image)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> runningInRuntime()
            throws Exception
    {
        List<String> ids = new ArrayList<>();
        for (JsonNode container : fixture.runtimeContainers()) {
            if (container.path("id").asText().startsWith(SERVICE + ".") && container.path("status").asText().equals("running")) {
                ids.add(container.path("id").asText());
            }
        }
        return ids;
    }

    private static Path spec(String image)
            throws Exception
    {
        Path file = fixture.scratch().resolve("roll.yaml");
        Files.writeString(file, document(image));
        return file;
    }

    private static String document(String image)
    {
        return """
                services:
                  %s:
                    image: %s
                    command: [sleep, "600"]
                    replicas: 3
                    stopGrace: 1s
                    update: {healthy: 1s}
                """.formatted(SERVICE, image);
    }
}
