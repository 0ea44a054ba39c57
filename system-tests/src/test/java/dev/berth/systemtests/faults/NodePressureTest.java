package dev.berth.systemtests.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.node.testing.Cli;
import dev.berth.node.testing.Cli.Result;
import dev.berth.systemtests.testing.AgentFixture;
import dev.berth.systemtests.testing.Containers;
import dev.berth.systemtests.testing.Scratch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memory pressure on a real agent reading a fake host tree (node.pressure.host-root): berth node shows each condition,
 * new work is refused as a placement signal, containers are evicted in order with an event each, and work is taken
 * again once the pressure ends.
 */
class NodePressureTest
{
    private static final long MI = 1L << 20;

    private Path scratch;
    private AgentFixture fixture;

    @AfterEach
    void tearDown()
    {
        try {
            if (fixture != null) {
                Containers.removeAll(fixture.cli());
                fixture.close();
            }
        }
        finally {
            Scratch.removeQuietly(scratch);
        }
    }

    @Test
    void memoryPressureRefusesNewWorkAndEvictsNoLimitFirstWithAnEventEach()
            throws Exception
    {
        AgentFixture.requireHost();
        scratch = Scratch.create("bst-pressure-");
        Path host = scratch.resolve("host");
        write(host.resolve("proc/sys/kernel/pid_max"), "32768");
        write(host.resolve("proc/loadavg"), "0.1 0.1 0.1 1/300 7");
        write(host.resolve("proc/self/cgroup"), "0::/\n");
        meminfo(host, 4096 * MI);
        fixture = AgentFixture.start(scratch, "--set", "node.pressure.host-root=" + host, "--set", "node.pressure.interval=300ms");
        Cli cli = fixture.cli();

        String node = cli.run("node").out();
        System.out.println(node);
        assertThat(node).contains("memory:    ok, 4Gi available (/proc/meminfo), threshold node.pressure.memory-available=100Mi")
                .contains("pids:      ok, 32468 process ids free").contains("disk:      ").contains("images:    ");
        assertThat(cli.run("run", "-d", "--name", "limited", "--memory", "64Mi", AgentFixture.IMAGE, "sleep", "3600").exit()).isZero();
        assertThat(cli.run("run", "-d", "--name", "nolimit", AgentFixture.IMAGE, "sleep", "3600").exit()).isZero();

        meminfo(host, 50 * MI);
        Result refused = cli.run("run", "-d", "--json", "--name", "refused", AgentFixture.IMAGE, "true");
        System.out.println("run under pressure: " + refused.exit() + " " + refused.out().strip() + refused.err().strip());
        assertThat(refused.exit()).as("a placement signal on a node that cannot re-place").isEqualTo(4);
        assertThat(refused.json().path("code").asText()).isEqualTo("ROUTE_TO_PEER");
        assertThat(refused.json().path("message").asText()).contains("memory pressure: 50Mi available", "node.pressure.memory-available=100Mi");

        List<JsonNode> evictions = awaitEvents(cli, events -> events.stream().filter(event -> event.path("type").asText().equals("container.evict")).count() >= 2)
                .stream().filter(event -> event.path("type").asText().equals("container.evict")).toList();
        System.out.println("evictions: " + evictions);
        assertThat(evictions).extracting(event -> event.path("subject").asText()).startsWith("nolimit.1", "limited.1");
        JsonNode first = evictions.get(0).path("attributes");
        assertThat(first.path("pressure").asText()).isEqualTo("memory");
        assertThat(first.path("observed").asLong()).isEqualTo(50 * MI);
        assertThat(first.path("threshold").asLong()).isEqualTo(100 * MI);
        assertThat(first.path("memoryLimitBytes").asText()).isEqualTo("none");
        assertThat(evictions.get(1).path("attributes").path("memoryLimitBytes").asLong()).isEqualTo(64 * MI);
        assertThat(Containers.find(cli, "nolimit.1").orElseThrow().path("state").asText()).isNotEqualTo("running");
        JsonNode pressure = cli.run("node", "--json").json().path("pressure");
        assertThat(pressure.path("memory").path("pressure").asBoolean()).isTrue();
        assertThat(pressure.path("evictions")).isNotEmpty();

        meminfo(host, 4096 * MI);
        awaitEvents(cli, events -> events.stream().anyMatch(event -> event.path("type").asText().equals("node.pressure.end")));
        assertThat(cli.run("run", "-d", "--name", "after", AgentFixture.IMAGE, "sleep", "3600").exit()).as("the pressure is over").isZero();
    }

    private static List<JsonNode> awaitEvents(Cli cli, Predicate<List<JsonNode>> condition)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            List<JsonNode> events = cli.run("events", "--json").jsonLines();
            if (condition.test(events)) {
                return events;
            }
            assertThat(System.nanoTime()).as("events within 60s: " + events).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static void meminfo(Path host, long available)
            throws IOException
    {
        // replaced atomically: the agent may be reading it
        Path temporary = host.resolve("proc/meminfo.tmp");
        write(temporary, "MemTotal: 8388608 kB\nMemAvailable: " + available / 1024 + " kB\n");
        Files.move(temporary, host.resolve("proc/meminfo"), java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void write(Path file, String content)
            throws IOException
    {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
