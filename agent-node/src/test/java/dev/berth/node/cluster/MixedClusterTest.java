package dev.berth.node.cluster;

import dev.berth.core.testing.Eventually;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.bridge.testing.TestEtcd;
import dev.berth.core.testing.Requirements;
import dev.berth.image.testing.TestImages;
import dev.berth.image.testing.TestLayer;
import dev.berth.node.it.Scratch;
import dev.berth.node.testing.AgentProcess;
import dev.berth.node.testing.Cli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real etcd and three real agents on loopback: {@code linux} runs containers with runc; {@code win1} and {@code win2}
 * report themselves as Windows ({@code agent.platform.os=windows}) and run the HCS backend over the C stub
 * ({@code runtime.hcs.library=libhcsstub.so}). Every question goes through the CLI ({@code berth cluster services
 * --json}, {@code berth ps --json}). Needs root, etcd, runc, conmon, busybox-static and the stub (built by
 * {@code mvn -pl runtime-hcs test-compile}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MixedClusterTest
{
    static final Duration LEASE_TTL = Duration.ofSeconds(2);
    static final String LINUX_IMAGE = "test/busybox:latest";
    static final String WINDOWS_IMAGE = "test/nanoserver:ltsc2022";
    static final Path STUB = Path.of(System.getProperty("berth.hcs.stub", "../runtime-hcs/target/native/libhcsstub.so")).toAbsolutePath().normalize();

    static Path scratch;
    static TestEtcd etcd;
    static final Map<String, AgentProcess> agents = new LinkedHashMap<>();
    static final Map<String, Cli> clis = new LinkedHashMap<>();

    @BeforeAll
    static void startCluster()
            throws Exception
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("etcd");
        Requirements.requireExecutable("runc");
        Requirements.requireExecutable("conmon");
        Requirements.require(TestImages.busyboxAvailable(), "/bin/busybox (busybox-static)");
        Requirements.require(Files.isRegularFile(STUB), "the HCS stub " + STUB + " (mvn -pl runtime-hcs test-compile)");
        scratch = Files.createTempDirectory(Path.of("/tmp"), "bmc-");
        etcd = TestEtcd.start();
        for (String node : List.of("linux", "win1", "win2")) {
            agents.put(node, AgentProcess.start(scratch.resolve(node), scratch.resolve(node + ".sock"), args(node)));
            clis.put(node, new Cli(scratch.resolve(node + ".sock")));
        }
        for (AgentProcess agent : agents.values()) {
            agent.awaitReady(Duration.ofSeconds(90));
        }
        TestImages.busybox().writeLayout(scratch.resolve("linux-layout"), "latest");
        TestImages.image().platform("windows", "amd64").osVersion("10.0.20348.1")
                .layer(new TestLayer().directory("Files").file("Files/readme.txt", "a Windows layer for the HCS stub"))
                .cmd("ping", "-t", "localhost")
                .writeLayout(scratch.resolve("windows-layout"), "ltsc2022");
        // Every node holds both images: a node that cannot run one answers with a placement signal, not a pull failure.
        for (Cli cli : clis.values()) {
            assertThat(cli.run("load", scratch.resolve("linux-layout").toString(), LINUX_IMAGE).exit()).isZero();
            assertThat(cli.run("load", scratch.resolve("windows-layout").toString(), WINDOWS_IMAGE).exit()).isZero();
        }
        await("three ready nodes and a scheduler", () -> {
            JsonNode nodes = clis.get("linux").run("cluster", "nodes", "--json").json();
            return nodes.size() == 3 && !nodes.get(0).path("scheduler").asText().isEmpty()
                    && count(nodes, node -> node.path("status").asText().equals("ready")) == 3;
        }, Duration.ofSeconds(30));
        JsonNode nodes = clis.get("linux").run("cluster", "nodes", "--json").json();
        assertThat(nodes.findValuesAsText("os")).containsExactlyInAnyOrder("linux", "windows", "windows");
    }

    static String[] args(String node)
    {
        List<String> args = new ArrayList<>(List.of(
                "--set", "bridge.mode=etcd",
                "--set", "bridge.etcd.endpoints=" + etcd.endpoint(),
                "--set", "bridge.node.id=" + node,
                // berth run through the cluster follows a container on the node it was placed on through this socket
                "--set", "bridge.node.address=unix:" + scratch.resolve(node + ".sock"),
                "--set", "bridge.etcd.lease-ttl=" + LEASE_TTL.toSeconds() + "s",
                "--set", "bridge.etcd.resync-interval=1s"));
        if (node.startsWith("win")) {
            args.addAll(List.of(
                    "--set", "agent.platform.os=windows",
                    "--set", "agent.platform.windows-build=10.0.20348",
                    "--set", "runtime.hcs.library=" + STUB,
                    "--set", "runtime.hcs.layer-root=" + scratch.resolve(node + "-layers"),
                    "--set", "runtime.hcs.poll-interval=50ms"));
        }
        return args.toArray(String[]::new);
    }

    @AfterAll
    static void stopCluster()
    {
        Cli linux = clis.get("linux");
        if (linux != null && agents.get("linux") != null) {
            try {
                for (JsonNode container : linux.run("ps", "--json").json()) {
                    linux.run("rm", "-f", container.path("id").asText());
                }
            }
            catch (RuntimeException | AssertionError e) {
                // The agent may be down: its containers go with the scratch directory's cleanup below.
            }
        }
        agents.values().forEach(AgentProcess::close);
        if (etcd != null) {
            etcd.close();
        }
        Scratch.removeQuietly(scratch);
    }

    @Test
    @Order(1)
    void windowsWorkloadSubmittedThroughTheLinuxNodeIsReroutedToTheWindowsNodes()
            throws Exception
    {
        // No platform in the spec: the scheduler tries the node it was submitted through first, which signals.
        deploy("linux", """
                name: win-app
                image: %s
                replicas: 2
                """.formatted(WINDOWS_IMAGE));
        JsonNode service = awaitService("win-app", entry -> entry.path("node").asText().split(",").length == 2
                && !entry.path("node").asText().contains("linux") && entry.path("excluded").has("linux"), Duration.ofSeconds(60));
        assertThat(service.path("node").asText().split(",")).containsExactlyInAnyOrder("win1", "win2");
        assertThat(service.path("excluded").path("linux").asText()).contains("wrong-platform");
        assertThat(live("linux", "win-app")).isEmpty();
    }

    /** The Windows service really runs: one HCS container on each Windows node (through the stub library). */
    @Test
    @Order(2)
    void windowsWorkloadRunsOnTheHcsStub()
    {
        JsonNode service = awaitService("win-app", entry -> entry.path("status").asText().equals("running"), Duration.ofSeconds(60));
        assertThat(service.path("node").asText().split(",")).containsExactlyInAnyOrder("win1", "win2");
        for (String node : List.of("win1", "win2")) {
            assertThat(running(node, "win-app")).singleElement()
                    .satisfies(container -> assertThat(container.path("backend").asText()).isEqualTo("hcs"));
        }
    }

    @Test
    @Order(3)
    void linuxWorkloadSubmittedThroughAWindowsNodeReallyRunsOnTheLinuxNode()
            throws Exception
    {
        deploy("win1", """
                name: lin-app
                image: %s
                args: [sleep, "3600"]
                """.formatted(LINUX_IMAGE));
        JsonNode service = awaitService("lin-app", entry -> entry.path("status").asText().equals("running"), Duration.ofSeconds(60));
        assertThat(service.path("node").asText()).isEqualTo("linux");
        JsonNode container = awaitOne("linux", "lin-app");
        assertThat(container.path("backend").asText()).isEqualTo("youki");
        long pid = container.path("pid").asLong();
        assertThat(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ')).contains("sleep 3600");
        assertThat(running("win1", "lin-app")).isEmpty();
        assertThat(running("win2", "lin-app")).isEmpty();
    }

    @Test
    @Order(3)
    void berthRunOfAWindowsPlatformOnTheLinuxNodeRunsOnAWindowsPeer()
    {
        Cli.Result run = clis.get("linux").run("run", "-d", "--platform", "windows", WINDOWS_IMAGE);
        assertThat(run.exit()).as(run.err()).isZero();
        String id = run.out().strip();
        assertThat(id).matches("run-[0-9a-f]{8}\\.1");
        assertThat(run.err()).containsPattern("berth: " + id.replace(".", "\\.") + " runs on node 'win[12]' \\(unix:");
        String node = run.err().contains("node 'win1'") ? "win1" : "win2";
        assertThat(running(node, id.substring(0, id.length() - 2))).singleElement()
                .satisfies(container -> assertThat(container.path("backend").asText()).isEqualTo("hcs"));
        assertThat(live("linux", id.substring(0, id.length() - 2))).isEmpty();
    }

    @Test
    @Order(3)
    void berthRunAttachedFromAWindowsNodeStreamsFromTheLinuxNodeItRunsOn()
    {
        Cli.Result run = clis.get("win1").run("run", "--rm", LINUX_IMAGE, "sh", "-c", "echo hello from $(hostname); exit 3");
        assertThat(run.exit()).as(run.err()).isEqualTo(3);
        assertThat(run.out()).startsWith("hello from ");
        assertThat(run.err()).contains("runs on node 'linux'");
        String service = run.err().replaceAll("(?s).*berth: (run-[0-9a-f]{8})\\.1 runs on node.*", "$1");
        assertThat(service).startsWith("run-");
        // --rm: the run is withdrawn from the cluster once it ended, and its container goes from the node
        assertThat(clis.get("win1").run("cluster", "services", "--json").json().findValuesAsText("name")).doesNotContain(service);
        await("the linux node removed " + service, () -> live("linux", service).isEmpty()
                && clis.get("linux").run("ps", "-a", "-q").out().lines().noneMatch(id -> id.startsWith(service)), Duration.ofSeconds(20));
    }

    @Test
    @Order(3)
    void berthRunThatNoNodeCanRunExitsWithFourNamingTheRemediesAndHereStaysLocal()
    {
        Cli.Result run = clis.get("linux").run("run", "-d", "--platform", "linux/arm64", LINUX_IMAGE, "true");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(4);
        assertThat(run.err()).contains("no cluster node can run service").contains("the service needs arm64")
                .contains("Remedies: add a linux/arm64 node to the cluster");

        Cli.Result here = clis.get("linux").run("run", "--here", "--rm", LINUX_IMAGE, "echo", "ran here");
        assertThat(here.exit()).as(here.err()).isZero();
        assertThat(here.out()).isEqualTo("ran here\n");
        assertThat(here.err()).doesNotContain("runs on node");
        assertThat(clis.get("win1").run("run", "--here", "--platform", "linux", LINUX_IMAGE, "true").exit())
                .as("a Windows node without the delegate answers a local run with a placement signal").isEqualTo(4);
    }

    @Test
    @Order(3)
    void aWindowsBuildNewerThanEveryWindowsNodesFailsNamingTheBuilds()
            throws Exception
    {
        TestImages.image().platform("windows", "amd64").osVersion("10.0.26100.1742")
                .layer(new TestLayer().directory("Files").file("Files/readme.txt", "a Windows Server 2025 layer"))
                .writeLayout(scratch.resolve("windows-2025-layout"), "ltsc2025");
        for (Cli cli : clis.values()) {
            assertThat(cli.run("load", scratch.resolve("windows-2025-layout").toString(), "test/nanoserver:ltsc2025").exit()).isZero();
        }
        deploy("linux", """
                name: win-2025
                image: test/nanoserver:ltsc2025
                """);
        JsonNode failed = awaitService("win-2025", entry -> entry.path("status").asText().equals("failed"), Duration.ofSeconds(60));
        assertThat(failed.path("message").asText())
                .contains("node 'win1' answered wrong-platform: image 'test/nanoserver:ltsc2025' is Windows build 26100 and this node's build is 20348")
                .contains("node 'win2' answered wrong-platform");
        assertThat(running("win1", "win-2025")).isEmpty();
        assertThat(running("win2", "win-2025")).isEmpty();
    }

    @Test
    @Order(4)
    void killedWorkerIsReplacedWithinLeaseTtlAndStopsItsCopyWhenItReturns()
            throws Exception
    {
        String scheduler = scheduler("linux");
        String victim = scheduler.equals("win1") ? "win2" : "win1";
        String survivor = victim.equals("win1") ? "win2" : "win1";
        long killed = System.nanoTime();
        agents.get(victim).kill();
        awaitService(survivor, "win-app", entry -> entry.path("node").asText().equals(survivor), Duration.ofSeconds(15));
        Duration replaced = Duration.ofNanos(System.nanoTime() - killed);
        System.out.println("worker " + victim + " killed: win-app re-placed on " + survivor + " after " + replaced.toMillis() + " ms");
        assertThat(replaced).isLessThanOrEqualTo(LEASE_TTL.plusSeconds(1));

        restart(victim);
        await(victim + " holds no win-app after it returns", () -> live(victim, "win-app").isEmpty()
                && !ledger(victim).contains("win-app"), Duration.ofSeconds(20));
        Eventually.holdsFor(LEASE_TTL, () -> live(victim, "win-app").isEmpty(), victim + " starts no win-app again");
        assertThat(awaitService(survivor, "win-app", entry -> true, Duration.ofSeconds(1)).path("node").asText()).isEqualTo(survivor);
    }

    @Test
    @Order(5)
    void killingTheSchedulersNodeMovesTheScheduler()
            throws Exception
    {
        String scheduler = scheduler("linux");
        String asker = scheduler.equals("win2") ? "win1" : "win2";
        agents.get(scheduler).kill();
        await("a scheduler on another node", () -> {
            String now = scheduler(asker);
            return !now.isEmpty() && !now.equals(scheduler);
        }, Duration.ofSeconds(20));
        System.out.println("scheduler moved from " + scheduler + " to " + scheduler(asker));
        restart(scheduler);
        await("the restarted " + scheduler + " back ready", () -> count(clis.get(asker).run("cluster", "nodes", "--json").json(),
                node -> node.path("status").asText().equals("ready")) == 3, Duration.ofSeconds(20));
        assertNoDuplicates();
    }

    @Test
    @Order(6)
    void linuxWorkloadWithTheOnlyLinuxNodeDownFailsWithTheRemedies()
            throws Exception
    {
        agents.get("linux").kill();
        await("linux down", () -> clis.get("win1").run("cluster", "nodes", "--json").json().findParents("name").stream()
                .anyMatch(node -> node.path("name").asText().equals("linux") && node.path("status").asText().equals("down")), Duration.ofSeconds(20));
        deploy("win1", """
                name: lin-late
                image: %s
                args: [sleep, "3600"]
                """.formatted(LINUX_IMAGE));
        JsonNode failed = awaitService("win1", "lin-late", entry -> entry.path("status").asText().equals("failed"), Duration.ofSeconds(30));
        assertThat(failed.path("message").asText())
                .startsWith("no cluster node can run service 'lin-late' (requires OS 'linux'): ")
                .endsWith("Remedies: enable the WSL2 delegate on a Windows node, or add a linux peer to the cluster.");
        assertThat(running("win1", "lin-late")).isEmpty();
        assertThat(running("win2", "lin-late")).isEmpty();

        // The Linux node coming back takes its Linux services again, each exactly once.
        restart("linux");
        awaitService("lin-late", entry -> entry.path("status").asText().equals("running") && entry.path("node").asText().equals("linux"),
                Duration.ofSeconds(60));
        awaitService("lin-app", entry -> entry.path("status").asText().equals("running") && entry.path("node").asText().equals("linux"),
                Duration.ofSeconds(60));
        awaitOne("linux", "lin-late");
        awaitOne("linux", "lin-app");
        assertNoDuplicates();
    }

    /** The node's record of the cluster services handed to it. */
    private static String ledger(String node)
    {
        try {
            Path file = scratch.resolve(node).resolve(ClusterLedger.FILE);
            return Files.exists(file) ? Files.readString(file) : "";
        }
        catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertNoDuplicates()
    {
        // Only the Linux service is counted: the HCS stub's containers live inside the agent process that loaded the
        // stub, so a Windows node killed by these tests loses them, unlike a real HCS host.
        Map<String, Integer> expected = Map.of("lin-app", 1);
        expected.forEach((service, replicas) -> {
            int live = 0;
            for (String node : clis.keySet()) {
                live += live(node, service).size();
            }
            assertThat(live).as("live containers of " + service + " across the cluster").isEqualTo(replicas);
        });
    }

    private static void restart(String node)
            throws Exception
    {
        AgentProcess agent = AgentProcess.start(scratch.resolve(node), scratch.resolve(node + ".sock"), args(node));
        agents.put(node, agent);
        agent.awaitReady(Duration.ofSeconds(90));
    }

    private static void deploy(String through, String spec)
            throws Exception
    {
        Path file = Files.createTempFile(scratch, "spec-", ".yaml");
        Files.writeString(file, spec);
        Cli.Result result = clis.get(through).run("deploy", "-f", file.toString());
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("submitted to the cluster");
    }

    private static String scheduler(String asker)
    {
        JsonNode nodes = clis.get(asker).run("cluster", "nodes", "--json").json();
        return nodes.isEmpty() ? "" : nodes.get(0).path("scheduler").asText();
    }

    private static JsonNode awaitService(String service, Predicate<JsonNode> condition, Duration timeout)
    {
        return awaitService("win2", service, condition, timeout);
    }

    private static JsonNode awaitService(String asker, String service, Predicate<JsonNode> condition, Duration timeout)
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (true) {
            Optional<JsonNode> entry = Optional.empty();
            try {
                for (JsonNode candidate : clis.get(asker).run("cluster", "services", "--json").json()) {
                    if (candidate.path("name").asText().equals(service)) {
                        entry = Optional.of(candidate);
                    }
                }
            }
            catch (AssertionError e) {
                // The asker is restarting: ask again.
            }
            if (entry.isPresent()) {
                last = entry.get();
                if (condition.test(last)) {
                    return last;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("service " + service + " not as expected within " + timeout + "; last seen: " + last + logs());
            }
            sleep(100);
        }
    }

    private static JsonNode awaitOne(String node, String service)
    {
        await("one running " + service + " on " + node, () -> running(node, service).size() == 1, Duration.ofSeconds(30));
        return running(node, service).get(0);
    }

    private static List<JsonNode> running(String node, String service)
    {
        return containers(node, service, state -> state.equals("running"));
    }

    /** Containers that are not finished: created, starting, running or restarting. */
    private static List<JsonNode> live(String node, String service)
    {
        return containers(node, service, state -> !state.equals("exited") && !state.equals("failed") && !state.equals("removed"));
    }

    private static List<JsonNode> containers(String node, String service, Predicate<String> state)
    {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode container : clis.get(node).run("ps", "--json").json()) {
            if (container.path("service").asText().equals(service) && state.test(container.path("state").asText())) {
                found.add(container);
            }
        }
        return found;
    }

    private static int count(JsonNode array, Predicate<JsonNode> condition)
    {
        int count = 0;
        for (JsonNode item : array) {
            count += condition.test(item) ? 1 : 0;
        }
        return count;
    }

    private static void await(String what, Supplier<Boolean> condition, Duration timeout)
    {
        Eventually.eventually(timeout, () -> {
            try {
                return condition.get();
            }
            catch (AssertionError | RuntimeException e) {
                // An agent answering mid-restart: ask again until the deadline.
                return false;
            }
        }, () -> what + logs());
    }

    private static String logs()
    {
        StringBuilder text = new StringBuilder();
        agents.forEach((node, agent) -> {
            String log = agent.log();
            text.append("\n--- ").append(node).append(" (last 3000 chars) ---\n").append(log.substring(Math.max(0, log.length() - 3000)));
        });
        return text.toString();
    }

    private static void sleep(long millis)
    {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
