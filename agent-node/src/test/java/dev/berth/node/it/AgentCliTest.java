package dev.berth.node.it;

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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real agent process, driven through the CLI: every command, exit codes, --json output, the TCP token and the
 * socket's mode. Needs root, runc, conmon and the static busybox the test image is made of.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentCliTest
{
    static final String IMAGE = "test/busybox:latest";
    static final String TOKEN = "test-token-" + System.nanoTime();

    static Path scratch;
    static AgentProcess agent;
    static Cli cli;
    static int tcpPort;

    @BeforeAll
    static void startAgent()
            throws Exception
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("runc");
        Requirements.requireExecutable("conmon");
        Requirements.require(TestImages.busyboxAvailable(), "/bin/busybox (busybox-static)");
        scratch = Files.createTempDirectory(Path.of("/tmp"), "bnt-");
        try (var socket = new java.net.ServerSocket(0)) {
            tcpPort = socket.getLocalPort();
        }
        agent = AgentProcess.startReady(scratch.resolve("a"), scratch.resolve("a.sock"),
                "--set", "agent.tcp.port=" + tcpPort, "--set", "agent.tcp.token=" + TOKEN);
        cli = new Cli(agent.socket());
        TestImages.busybox().writeLayout(scratch.resolve("layout"), "latest");
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
        Scratch.removeQuietly(scratch);
    }

    @Test
    @Order(1)
    void socketIsMode0660()
            throws Exception
    {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(agent.socket()))).isEqualTo("rw-rw----");
        // secrets live under the data dir (the store, bundles' config.json): no other user may read it
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(agent.dataDir()))).isEqualTo("rwx------");
    }

    @Test
    @Order(2)
    void loadAndList()
    {
        Result load = cli.run("load", scratch.resolve("layout").toString(), IMAGE);
        assertThat(load.exit()).isZero();
        assertThat(load.out()).contains("loaded").contains("busybox");
        Result images = cli.run("images", "--json");
        assertThat(images.exit()).isZero();
        assertThat(images.json().findValuesAsText("reference")).anyMatch(reference -> reference.endsWith(IMAGE));
    }

    @Test
    @Order(3)
    void runStreamsOutputAndExitsWithTheContainersCode()
    {
        Result hello = cli.run("run", "--rm", "--name", "hello", IMAGE, "echo", "hello from berth");
        assertThat(hello.exit()).isZero();
        assertThat(hello.out()).isEqualTo("hello from berth\n");
        assertThat(cli.run("inspect", "hello").exit()).as("--rm removed it").isEqualTo(3);

        Result failing = cli.run("run", "--name", "seven", IMAGE, "sh", "-c", "echo out; echo err >&2; exit 7");
        assertThat(failing.exit()).isEqualTo(7);
        assertThat(failing.out()).isEqualTo("out\n");
        assertThat(failing.err()).isEqualTo("err\n");
        Result logs = cli.run("logs", "seven");
        assertThat(logs.exit()).isZero();
        assertThat(logs.out()).isEqualTo("out\n");
        assertThat(logs.err()).isEqualTo("err\n");
        assertThat(cli.run("rm", "seven").exit()).isZero();
    }

    @Test
    @Order(4)
    void detachedContainerInspectExecStopRemove()
    {
        Result run = cli.run("run", "-d", "--name", "sleeper", "--env", "GREETING=hi", "--memory", "64Mi", IMAGE, "sleep", "3600");
        assertThat(run.exit()).isZero();
        String id = run.out().strip();
        assertThat(id).startsWith("sleeper");

        JsonNode ps = cli.run("ps", "--json").json();
        assertThat(ps.findValuesAsText("id")).contains(id);
        JsonNode inspect = cli.run("inspect", "sleeper", "--json").json();
        assertThat(inspect.path("state").asText()).isEqualTo("running");
        assertThat(inspect.path("pid").asLong()).isPositive();
        assertThat(inspect.path("env").path("GREETING").asText()).isEqualTo("hi");
        assertThat(cli.run("inspect", "sleeper").out()).contains("state: running");

        Result exec = cli.run("exec", "sleeper", "sh", "-c", "echo $GREETING; exit 3");
        assertThat(exec.exit()).isEqualTo(3);
        assertThat(exec.out()).isEqualTo("hi\n");

        assertThat(cli.run("rm", "sleeper").exit()).as("a running container needs -f").isNotZero();
        Result stop = cli.run("stop", "--time", "2s", "sleeper");
        assertThat(stop.exit()).isZero();
        assertThat(cli.run("inspect", "sleeper", "--json").json().path("state").asText()).isIn("exited", "failed");
        assertThat(cli.run("rm", "sleeper").exit()).isZero();
    }

    @Test
    @Order(5)
    void exitCodesAndErrorForms()
    {
        Result missing = cli.run("inspect", "no-such-thing");
        assertThat(missing.exit()).isEqualTo(3);
        List<String> lines = missing.err().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("no-such-thing");
        assertThat(lines.get(1)).startsWith("hint: ");

        Result missingJson = cli.run("inspect", "no-such-thing", "--json");
        assertThat(missingJson.exit()).isEqualTo(3);
        assertThat(missingJson.json().path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(missingJson.json().path("placement").asBoolean()).isFalse();

        Result badMemory = cli.run("run", "--memory", "lots", IMAGE, "true");
        assertThat(badMemory.exit()).isEqualTo(2);
        assertThat(badMemory.err()).contains("memory");

        Result badUsage = cli.run("run");
        assertThat(badUsage.exit()).isEqualTo(2);

        Result windows = cli.run("run", "--platform", "windows", "--json", IMAGE, "true");
        assertThat(windows.exit()).isEqualTo(4);
        assertThat(windows.json().path("placement").asBoolean()).isTrue();
    }

    @Test
    @Order(5)
    void psAllQuietAndRemovingSeveralNamesWithOneLineEach()
    {
        assertThat(cli.run("run", "-d", "--name", "many-a", "--platform", "linux/amd64", IMAGE, "sleep", "60").exit()).isZero();
        assertThat(cli.run("run", "-d", "--name", "many-b", IMAGE, "sleep", "60").exit()).isZero();
        Result quiet = cli.run("ps", "-a", "-q");
        assertThat(quiet.exit()).isZero();
        assertThat(quiet.out().lines().toList()).contains("many-a.1", "many-b.1").allMatch(line -> !line.contains(" "));

        Result rm = cli.run("rm", "-f", "many-a", "no-such-one", "many-b");
        assertThat(rm.exit()).as("every failure was an unknown name").isEqualTo(3);
        assertThat(rm.out()).isEqualTo("many-a\nmany-b\n");
        List<String> errors = rm.err().lines().toList();
        assertThat(errors).hasSize(3);
        assertThat(errors.get(0)).startsWith("berth: no-such-one: ").contains("no-such-one");
        assertThat(errors.get(1)).isEqualTo("berth: 1 of 3 not removed: no-such-one");
        assertThat(errors.get(2)).startsWith("hint: ");
        assertThat(cli.run("ps", "-q").out()).doesNotContain("many-a").doesNotContain("many-b");

        Result json = cli.run("rm", "-f", "--json", "gone-1", "gone-2");
        assertThat(json.exit()).isEqualTo(3);
        assertThat(json.json().findValuesAsText("name")).containsExactly("gone-1", "gone-2");
        assertThat(json.json().get(0).path("error").path("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    @Order(5)
    void anImageForAnotherArchitectureIsAPlacementSignalNotAnExecFormatError()
    {
        // the config says arm64 (the binaries inside are the host's): the node must go by what the image says
        TestImages.busybox().platform("linux", "arm64").variant("v8").writeLayout(scratch.resolve("arm-layout"), "arm");
        assertThat(cli.run("load", scratch.resolve("arm-layout").toString(), "test/arm-only:1").exit()).isZero();

        Result run = cli.run("run", "--json", "--name", "arm-only", "test/arm-only:1", "true");
        assertThat(run.exit()).isEqualTo(4);
        assertThat(run.json().path("code").asText()).isEqualTo("WRONG_PLATFORM");
        assertThat(run.json().path("fields").path("dimension").asText()).isEqualTo("arch");
        assertThat(run.json().path("message").asText()).contains("architecture arm64 and this node is amd64");
        assertThat(cli.run("ps", "-a", "-q").out()).doesNotContain("arm-only");
    }

    @Test
    @Order(6)
    void deployFromASpecFile()
            throws Exception
    {
        Path spec = scratch.resolve("spec.yaml");
        Files.writeString(spec, """
                services:
                  web:
                    image: %s
                    command: [sleep, "3600"]
                  worker:
                    image: %s
                    command: [sleep, "3600"]
                    replicas: 2
                """.formatted(IMAGE, IMAGE));
        Result deploy = cli.run("deploy", "-f", spec.toString());
        assertThat(deploy.exit()).as(deploy.err()).isZero();
        assertThat(deploy.out()).contains("web: 1 created").contains("worker: 2 created");
        JsonNode ps = cli.run("ps", "--json").json();
        assertThat(ps.findValuesAsText("service")).contains("web", "worker");
        JsonNode services = cli.run("cluster", "services", "--json").json();
        assertThat(services.findValuesAsText("name")).contains("web", "worker");
        assertThat(cli.run("rm", "-f", "web").exit()).isZero();
        assertThat(cli.run("stop", "worker").exit()).isZero();
        Result removeService = cli.run("rm", "-f", "worker");
        assertThat(removeService.exit()).as("rm of a service removes all its replicas: " + removeService.err()).isZero();
        assertThat(cli.run("ps", "--json").json().findValuesAsText("service")).doesNotContain("web", "worker");
        assertThat(cli.run("cluster", "services", "--json").json().findValuesAsText("name")).doesNotContain("web", "worker");

        Path bad = scratch.resolve("bad.yaml");
        Files.writeString(bad, "services:\n  x:\n    replicas: -1\n");
        Result invalid = cli.run("deploy", "-f", bad.toString());
        assertThat(invalid.exit()).isEqualTo(2);
        assertThat(invalid.err()).contains("image");
    }

    @Test
    @Order(7)
    void nodeDrainClusterEventsDoctor()
    {
        JsonNode node = cli.run("node", "--json").json();
        assertThat(node.path("os").asText()).isEqualTo("linux");
        assertThat(node.path("backends").path("youki").path("status").asText()).isEqualTo("active");
        assertThat(node.path("recovery").has("adopted")).isTrue();
        assertThat(cli.run("node").out()).contains("youki: active");
        // the distribution ships the WSL2 delegate: listed, with the reason it cannot run here, as HCS is
        assertThat(node.path("backends").path("wsl2").path("status").asText()).isEqualTo("unusable");
        assertThat(node.path("backends").path("wsl2").path("reason").asText()).contains("not a Windows host");
        assertThat(node.path("backends").path("hcs").path("status").asText()).isEqualTo("unusable");

        assertThat(cli.run("node", "drain").exit()).isZero();
        assertThat(cli.run("cluster", "nodes", "--json").json().get(0).path("status").asText()).isEqualTo("draining");
        Result refused = cli.run("run", "--rm", IMAGE, "true");
        assertThat(refused.exit()).as("a drained single node cannot re-place").isEqualTo(4);
        assertThat(cli.run("node", "undrain").exit()).isZero();
        assertThat(cli.run("run", "--rm", IMAGE, "true").exit()).isZero();

        Result events = cli.run("events", "--json");
        assertThat(events.exit()).isZero();
        assertThat(events.jsonLines()).isNotEmpty().allMatch(event -> event.has("type") && event.has("subject"));

        Result doctor = cli.run("doctor", "--json", "--data-dir", agent.dataDir().toString(), "--set", "runtime.youki.binary=/usr/sbin/runc",
                "--set", "runtime.youki.flavor=runc");
        assertThat(doctor.exit()).isZero();
        assertThat(doctor.json().path("backends").path("youki").path("usable").asBoolean()).isTrue();
        assertThat(doctor.json().path("backends").path("wsl2").path("usable").asBoolean()).isFalse();
        assertThat(doctor.json().path("backends").path("wsl2").path("reason").asText()).contains("not a Windows host");
        assertThat(doctor.json().path("socket").path("agent").asText()).startsWith("answering");
        assertThat(doctor.json().path("cgroups").path("mode").asText()).isNotBlank();
    }

    @Test
    @Order(8)
    void pullFromARegistryAndRemoveImage()
    {
        Requirements.require(Files.isExecutable(TestRegistry.BINARY), TestRegistry.BINARY.toString());
        try (TestRegistry registry = TestRegistry.start()) {
            String reference = registry.push(TestImages.busybox().cmd("echo", "pulled").build(), "pulled/busybox:v1");
            Result pull = cli.run("pull", reference);
            assertThat(pull.exit()).as(pull.err()).isZero();
            assertThat(pull.out()).contains("pulled " + reference);
            Result run = cli.run("run", "--rm", reference);
            assertThat(run.out()).isEqualTo("pulled\n");
            assertThat(cli.run("run", "-d", "--name", "uses-pulled", reference, "sleep", "3600").exit()).isZero();
            Result inUse = cli.run("rmi", reference);
            assertThat(inUse.exit()).as("an image a container mounts is not removed").isEqualTo(2);
            assertThat(inUse.err()).contains("is used by container uses-pulled.1");
            assertThat(cli.run("rm", "-f", "uses-pulled").exit()).isZero();
            assertThat(cli.run("rmi", reference).exit()).isZero();
            assertThat(cli.run("rmi", reference).exit()).isEqualTo(3);
        }
    }

    @Test
    @Order(11)
    void aContainersLayersOutliveItsTagMovingOnAndAnotherImagesRemoval()
    {
        TestImages.busybox().layer(TestImages.layer().file("version", "1")).writeLayout(scratch.resolve("moving-1"), "latest");
        TestImages.busybox().layer(TestImages.layer().file("version", "2")).writeLayout(scratch.resolve("moving-2"), "latest");
        TestImages.busybox().layer(TestImages.layer().file("other", "x")).writeLayout(scratch.resolve("other"), "latest");
        assertThat(cli.run("load", scratch.resolve("moving-1").toString(), "test/moving:1").exit()).isZero();
        assertThat(cli.run("run", "-d", "--name", "on-moving", "test/moving:1", "sleep", "3600").exit()).isZero();
        assertThat(cli.run("load", scratch.resolve("moving-2").toString(), "test/moving:1").exit()).as("the tag moves on").isZero();
        assertThat(cli.run("load", scratch.resolve("other").toString(), "test/other:1").exit()).isZero();

        assertThat(cli.run("rmi", "test/other:1").exit()).as("removal, and the garbage collection after it").isZero();

        JsonNode inspect = cli.run("inspect", "--json", "on-moving").json();
        Path layers = agent.dataDir().resolve("images/layers");
        assertThat(inspect.path("imageDigest").asText()).startsWith("sha256:");
        Result version = cli.run("exec", "on-moving", "cat", "/version");
        assertThat(version.out()).as(version.err()).isEqualTo("1");
        try (java.util.stream.Stream<Path> unpacked = Files.list(layers)) {
            assertThat(unpacked.filter(layer -> readOrEmpty(layer.resolve("version")).equals("1"))).as("the running container's layer stays")
                    .hasSize(1);
        }
        catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(cli.run("rm", "-f", "on-moving").exit()).isZero();
    }

    private static String readOrEmpty(Path file)
    {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : "";
        }
        catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    @Order(9)
    void metricsArePrometheusText()
            throws Exception
    {
        try (HttpResponse response = new UnixHttpClient(agent.socket()).send("GET", "/metrics", null, null)) {
            assertThat(response.status()).isEqualTo(200);
            String text = response.bodyText(1 << 20);
            assertThat(text).contains("berth_operations_total{backend=\"youki\",operation=\"run\",outcome=\"ok\"}")
                    .contains("berth_operations_total{backend=\"none\",operation=\"run\",outcome=\"route_to_peer\"}")
                    .contains("berth_operation_duration_seconds")
                    .contains("berth_containers{state=\"running\"}")
                    .contains("berth_placement_signals_total{signal=\"route_to_peer\"}")
                    .contains("berth_recovery_containers_total")
                    .contains("jvm_memory_used_bytes");
        }
    }

    @Test
    @Order(10)
    void tcpNeedsTheBearerTokenAndDoesNothingWithoutIt()
            throws Exception
    {
        HttpClient http = HttpClient.newHttpClient();
        URI containers = URI.create("http://127.0.0.1:" + tcpPort + "/v1/containers");
        String body = "{\"name\":\"intruder\",\"image\":\"" + IMAGE + "\",\"command\":[\"true\"]}";
        var noToken = http.send(HttpRequest.newBuilder(containers).POST(HttpRequest.BodyPublishers.ofString(body)).build(), BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.body()).contains("\"code\":\"CONFIGURATION\"");
        // its body unread, the connection is not reused: the next request must not meet it closing (no bytes)
        assertThat(noToken.headers().firstValue("connection")).contains("close");
        var wrongToken = http.send(HttpRequest.newBuilder(containers).header("Authorization", "Bearer " + TOKEN + "x")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), BodyHandlers.ofString());
        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(cli.run("inspect", "intruder").exit()).as("nothing ran").isEqualTo(3);

        var withToken = http.send(HttpRequest.newBuilder(containers).header("Authorization", "Bearer " + TOKEN).GET().build(), BodyHandlers.ofString());
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(withToken.body()).startsWith("[");
    }

    /** For the record: which commands this class drove. */
    static List<String> covered()
    {
        return new ArrayList<>(List.of("load", "images", "run", "logs", "inspect", "ps", "exec", "stop", "rm", "deploy", "node",
                "node drain", "node undrain", "cluster nodes", "cluster services", "events", "doctor", "pull", "rmi"));
    }
}
