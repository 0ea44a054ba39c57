package dev.berth.systemtests.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.node.client.AgentClient;
import dev.berth.node.testing.AgentProcess;
import dev.berth.node.testing.Cli;
import dev.berth.systemtests.testing.AgentFixture;
import dev.berth.systemtests.testing.ProcessFigures;
import dev.berth.systemtests.testing.Scratch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * N containers (200 unless {@code -Dberth.load.containers=N}) run through the API by 20 concurrent clients, then all
 * stopped and removed the same way: none lost, none duplicated, none left in the runtime. Latencies (p50/p90/p99/max
 * per operation) and the agent's RSS, threads and fds are printed; only correctness is asserted.
 */
class ConcurrentDeployTest
{
    static final String IMAGE = AgentFixture.IMAGE;
    static final int CLIENTS = 20;
    static final int CONTAINERS = Integer.getInteger("berth.load.containers", 200);

    static Path scratch;
    static AgentFixture fixture;
    static AgentProcess agent;
    static Cli cli;

    @BeforeAll
    static void startAgent()
            throws Exception
    {
        AgentFixture.requireHost();
        scratch = Scratch.create("bst-load-");
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
    void concurrentClientsLoseAndDuplicateNothing()
            throws Exception
    {
        Map<String, ProcessFigures> figures = new java.util.LinkedHashMap<>();
        figures.put("idle", ProcessFigures.of(agent.pid()));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < CONTAINERS; i++) {
            names.add("load-%03d".formatted(i));
        }

        Map<String, String> created = new ConcurrentHashMap<>();
        List<Long> runLatencies = timed(names, name -> {
            ObjectNode request = AgentClient.object();
            request.put("name", name);
            request.put("image", IMAGE);
            // a shell that exits on SIGTERM, so that stop does not wait out its grace period
            request.putArray("command").add("sh").add("-c").add("trap 'exit 0' TERM; while true; do sleep 1; done");
            request.put("rm", false);
            JsonNode view = agent.client().post("/v1/containers", request);
            String previous = created.put(name, view.path("id").asText());
            assertThat(previous).as("one answer per request").isNull();
            return null;
        });
        figures.put(CONTAINERS + " running", ProcessFigures.of(agent.pid()));

        JsonNode ps = cli.run("ps", "--json").json();
        List<String> ids = new ArrayList<>();
        for (JsonNode container : ps) {
            if (container.path("service").asText().startsWith("load-")) {
                ids.add(container.path("id").asText());
                assertThat(container.path("state").asText()).as(container.toString()).isEqualTo("running");
            }
        }
        assertThat(ids).as("none lost").hasSize(CONTAINERS);
        assertThat(new HashSet<>(ids)).as("none duplicated").hasSize(CONTAINERS);
        assertThat(new HashSet<>(created.values())).isEqualTo(new HashSet<>(ids));
        Set<Long> pids = new HashSet<>();
        ps.forEach(container -> pids.add(container.path("pid").asLong()));
        assertThat(pids).as("every container its own process").hasSize(ps.size());

        List<Long> stopLatencies = timed(names, name -> agent.client().post("/v1/containers/" + name + "/stop?grace=5s", null));
        List<Long> removeLatencies = timed(names, name -> agent.client().delete("/v1/containers/" + name + "?force=false"));
        figures.put("all removed", ProcessFigures.of(agent.pid()));

        assertThat(cli.run("ps", "--json").json().findValuesAsText("service")).noneMatch(service -> service.startsWith("load-"));
        assertThat(runtimeContainers()).as("nothing left in runc's root").noneMatch(id -> id.startsWith("load-"));

        System.out.println();
        System.out.printf("%-8s %6s %8s %8s %8s %8s   (%d clients, ms)%n", "op", "count", "p50", "p90", "p99", "max", CLIENTS);
        print("run", runLatencies);
        print("stop", stopLatencies);
        print("remove", removeLatencies);
        System.out.printf("%-14s %10s %6s %8s%n", "agent", "RSS(MiB)", "fds", "threads");
        figures.forEach((label, figure) -> System.out.printf("%-14s %10.1f %6d %8d%n", label, figure.rssKib() / 1024.0, figure.fds(), figure.threads()));
    }

    private static List<Long> timed(List<String> names, Function<String, Object> call)
            throws Exception
    {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (String name : names) {
                futures.add(clients.submit(() -> {
                    long start = System.nanoTime();
                    call.apply(name);
                    latencies.add((System.nanoTime() - start) / 1_000_000);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        finally {
            clients.shutdownNow();
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        assertThat(sorted).hasSize(names.size());
        return sorted;
    }

    private static void print(String op, List<Long> sorted)
    {
        System.out.printf("%-8s %6d %8d %8d %8d %8d%n", op, sorted.size(), percentile(sorted, 50), percentile(sorted, 90),
                percentile(sorted, 99), sorted.get(sorted.size() - 1));
    }

    private static long percentile(List<Long> sorted, int percent)
    {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    private static List<String> runtimeContainers()
            throws Exception
    {
        Process list = new ProcessBuilder("/usr/sbin/runc", "--root", agent.dataDir().resolve("runtime").toString(), "list", "-q")
                .redirectErrorStream(true).start();
        List<String> ids = new String(list.getInputStream().readAllBytes()).lines().filter(line -> !line.isBlank()).toList();
        list.waitFor();
        return ids;
    }
}
