package dev.berth.systemtests.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.image.testing.TestImages;
import dev.berth.node.client.AgentClient;
import dev.berth.node.client.ApiException;
import dev.berth.node.testing.Cli;
import dev.berth.systemtests.testing.AgentFixture;
import dev.berth.systemtests.testing.Scratch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The done-when of rolling updates: three replicas on runc, updated to an image whose entrypoint does not exist, roll
 * back by themselves, and the old replicas are never all down. "Never all down" is sampled from runc's own state under
 * the agent's root (not the agent's view), every 10 ms for the whole update, as {@code runc list} decides it: a
 * container is running while its init process (pid and start time from its {@code state.json}) is alive and not a
 * zombie. The bound is the largest gap between two samples: an outage shorter than that could slip between them, so
 * the test asserts the gap too (on this shared 2-core machine a busy agent stalls the sampler for up to about a
 * second). What the samples cannot see, the replicas the update never reached show directly: their init processes
 * (pid and start time) are the same before and after, so they did not stop for any instant.
 */
class RollingUpdateRollbackTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The largest gap between two samples the test accepts: its bound on an outage that could go unseen. */
    private static final long MAX_SAMPLE_GAP_MILLIS = 2000;
    private static final String BROKEN = "test/broken:v2";

    private Path scratch;
    private AgentFixture fixture;
    private Cli cli;

    @BeforeEach
    void setUp()
            throws IOException
    {
        AgentFixture.requireHost();
        scratch = Scratch.create("bst-roll-");
        fixture = AgentFixture.start(scratch);
        cli = fixture.cli();
        TestImages.busybox().entrypoint("/no/such/binary").writeLayout(scratch.resolve("broken"), "v2");
        assertThat(cli.run("load", scratch.resolve("broken").toString(), BROKEN).exit()).isZero();
    }

    @AfterEach
    void tearDown()
    {
        if (fixture != null) {
            fixture.close();
        }
        Scratch.removeQuietly(scratch);
    }

    @Test
    void threeReplicasUpdatedToABrokenImageRollBackWithTheOldOnesNeverAllDown()
            throws Exception
    {
        String v1 = """
                services:
                  roll:
                    image: %s
                    command: [sleep, "600"]
                    replicas: 3
                    stopGrace: 1s
                    update: {parallel: 1, healthy: 1s}
                """.formatted(AgentFixture.IMAGE);
        Path first = scratch.resolve("v1.yaml");
        Files.writeString(first, v1);
        assertThat(cli.run("deploy", "-f", first.toString()).exit()).isZero();
        assertThat(running()).hasSize(3);
        List<String> untouchedBefore = List.of(initProcess("roll.2"), initProcess("roll.3"));

        AtomicBoolean sampling = new AtomicBoolean(true);
        List<long[]> samples = new ArrayList<>();
        CompletableFuture<Void> sampler = CompletableFuture.runAsync(() -> {
            while (sampling.get()) {
                try {
                    samples.add(new long[] {System.nanoTime(), runningNow()});
                    Thread.sleep(10);
                }
                catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        JsonNode result;
        try {
            result = new AgentClient(fixture.agent().socket()).postText("/v1/deploy", v1.replace(AgentFixture.IMAGE, BROKEN).replace("    command: [sleep, \"600\"]\n", ""));
        }
        catch (ApiException e) {
            result = e.wire();
        }
        finally {
            sampling.set(false);
        }
        sampler.get(30, TimeUnit.SECONDS);

        assertThat(result.toString()).as("the deploy reports the failed replica").contains("roll.1");
        JsonNode service = cli.run("inspect", "roll", "--json").json();
        assertThat(service.path("revision").asLong()).as("back on the first revision: %s", service).isEqualTo(1);
        assertThat(service.path("update").path("state").asText()).isEqualTo("rolled-back");
        assertThat(service.path("update").path("reason").asText()).contains("revision 2 failed").contains("roll.1");
        assertThat(cli.run("inspect", "roll").out()).contains("state: rolled-back").contains("progress: 0 of 3 replaced");
        JsonNode ps = cli.run("ps", "--json").json();
        assertThat(ps).hasSize(3).allSatisfy(container -> {
            assertThat(container.path("state").asText()).isEqualTo("running");
            assertThat(container.path("image").asText()).isEqualTo(AgentFixture.IMAGE);
        });
        assertThat(running()).hasSize(3);
        assertThat(List.of(initProcess("roll.2"), initProcess("roll.3"))).as("the replicas after the first ran throughout").isEqualTo(untouchedBefore);

        long least = samples.stream().mapToLong(sample -> sample[1]).min().orElseThrow();
        long gap = 0;
        for (int i = 1; i < samples.size(); i++) {
            gap = Math.max(gap, TimeUnit.NANOSECONDS.toMillis(samples.get(i)[0] - samples.get(i - 1)[0]));
        }
        System.out.printf("rolling update: %d samples, at least %d of 3 replicas running in each, largest gap %d ms%n", samples.size(), least, gap);
        assertThat(samples.size()).isGreaterThan(5);
        assertThat(gap).as("largest gap between samples (the bound on an unseen outage)").isLessThanOrEqualTo(MAX_SAMPLE_GAP_MILLIS);
        assertThat(least).as("old replicas running in every sample, one replaced at a time").isGreaterThanOrEqualTo(2);
    }

    /** A container's init process as runc records it: "pid/start time". */
    private String initProcess(String id)
            throws IOException
    {
        JsonNode state = JSON.readTree(Files.readString(scratch.resolve("data").resolve("runtime").resolve(id).resolve("state.json")));
        return state.path("init_process_pid").asText() + "/" + state.path("init_process_start").asText();
    }

    /** How many of the service's containers runc would list as running now, read in-process from runc's state. */
    private long runningNow()
            throws IOException
    {
        long count = 0;
        try (var entries = Files.list(scratch.resolve("data").resolve("runtime"))) {
            for (Path container : entries.filter(path -> path.getFileName().toString().startsWith("roll.")).toList()) {
                try {
                    JsonNode state = JSON.readTree(Files.readString(container.resolve("state.json")));
                    String stat = Files.readString(Path.of("/proc", state.path("init_process_pid").asText(), "stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // fields[0] is the state (field 3 of stat), fields[19] the start time (field 22)
                    if (!fields[0].equals("Z") && fields[19].equals(state.path("init_process_start").asText())) {
                        count++;
                    }
                }
                catch (IOException gone) {
                    // no state yet, or the process is gone: not running
                }
            }
        }
        return count;
    }

    /** The ids of the service's containers that runc itself lists as running under the agent's root. */
    private List<String> running()
            throws IOException
    {
        Path root = scratch.resolve("data").resolve("runtime");
        Process process = new ProcessBuilder("/usr/sbin/runc", "--root", root.toString(), "list", "-f", "json")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("runc list did not finish");
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        JsonNode list = JSON.readTree(text.isBlank() ? "[]" : text);
        List<String> ids = new ArrayList<>();
        if (list != null && list.isArray()) {
            list.forEach(container -> {
                if (container.path("id").asText().startsWith("roll.") && container.path("status").asText().equals("running")) {
                    ids.add(container.path("id").asText());
                }
            });
        }
        return ids;
    }
}
