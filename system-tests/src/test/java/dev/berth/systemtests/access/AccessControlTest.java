package dev.berth.systemtests.access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.testing.Requirements;
import dev.berth.image.testing.TestImages;
import dev.berth.image.testing.TestRegistry;
import dev.berth.node.testing.AgentProcess;
import dev.berth.node.testing.Cli;
import dev.berth.node.testing.Cli.Result;
import dev.berth.systemtests.testing.AgentFixture;
import dev.berth.systemtests.testing.Containers;
import dev.berth.systemtests.testing.Scratch;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may talk to the agent, what it never tells, and what a container gets by default: the socket's owner and mode
 * (another user refused, the socket group let in), the TCP bearer token (401, nothing changes), secrets absent from
 * the log, events and inspect, and the default hardening seen from inside a container.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessControlTest
{
    static final String IMAGE = AgentFixture.IMAGE;
    static final String GROUP = "adm";
    static final int GROUP_ID = 4;
    static final String TOKEN = "tok-" + Long.toHexString(System.nanoTime()) + "-api-secret";
    static final String REGISTRY_PASSWORD = "reg-" + Long.toHexString(System.nanoTime()) + "-pw-secret";
    static final String ENV_SECRET = "env-" + Long.toHexString(System.nanoTime()) + "-value-secret";

    static Path scratch;
    static TestRegistry registry;
    static AgentFixture fixture;
    static AgentProcess agent;
    static Cli cli;
    static int tcpPort;

    @BeforeAll
    static void startAgent()
            throws Exception
    {
        AgentFixture.requireHost();
        Requirements.requireExecutable("runuser");
        Requirements.requireExecutable("setpriv");
        scratch = Scratch.create("bst-acc-");
        // traversable by anyone, so that only the socket's own mode decides who gets in
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxr-xr-x"));
        registry = TestRegistry.startWithAuth("berth", REGISTRY_PASSWORD);
        registry.push(TestImages.busybox().build(), "private/busybox:1");
        Path auth = scratch.resolve("auth.json");
        String basic = Base64.getEncoder().encodeToString(("berth:" + REGISTRY_PASSWORD).getBytes(StandardCharsets.UTF_8));
        Files.writeString(auth, "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + basic + "\"}}}");
        try (var socket = new java.net.ServerSocket(0)) {
            tcpPort = socket.getLocalPort();
        }
        fixture = AgentFixture.start(scratch,
                "--set", "agent.socket-group=" + GROUP,
                "--set", "agent.tcp.port=" + tcpPort,
                "--set", "agent.tcp.token=" + TOKEN,
                "--set", "image.auth-file=" + auth);
        agent = fixture.agent();
        cli = fixture.cli();
    }

    @AfterAll
    static void stopAgent()
    {
        if (fixture != null) {
            fixture.close();
        }
        if (registry != null) {
            registry.close();
        }
        Scratch.removeQuietly(scratch);
    }

    @Test
    @Order(1)
    void socketIsRootAndTheConfiguredGroupMode0660()
            throws Exception
    {
        PosixFileAttributes attributes = Files.readAttributes(agent.socket(), PosixFileAttributes.class);
        assertThat(PosixFilePermissions.toString(attributes.permissions())).isEqualTo("rw-rw----");
        assertThat(attributes.owner().getName()).isEqualTo("root");
        assertThat(attributes.group().getName()).isEqualTo(GROUP);
    }

    @Test
    @Order(2)
    void anotherUserIsRefusedAndTheSocketGroupIsLetIn()
            throws Exception
    {
        Result nobody = cli.runAs(List.of("runuser", "-u", "nobody", "--"), "ps");
        System.out.println("as nobody: exit " + nobody.exit() + " " + nobody.err().strip());
        assertThat(nobody.exit()).isEqualTo(1);
        assertThat(nobody.err()).contains("cannot reach the berth agent").containsIgnoringCase("permission denied");
        Result nobodyRun = cli.runAs(List.of("runuser", "-u", "nobody", "--"), "run", "-d", "--name", "by-nobody", IMAGE, "true");
        assertThat(nobodyRun.exit()).isEqualTo(1);
        assertThat(Containers.find(cli, "by-nobody.1")).as("nothing ran for nobody").isEmpty();

        Result member = cli.runAs(List.of("setpriv", "--reuid=65534", "--regid=65534", "--groups=" + GROUP_ID, "--"), "ps", "--json");
        assertThat(member.exit()).as("nobody with the socket group: " + member.err()).isZero();
        assertThat(member.json().isArray()).isTrue();
    }

    @Test
    @Order(3)
    void tcpWithoutOrWithAWrongTokenIs401AndChangesNothing()
            throws Exception
    {
        HttpClient http = HttpClient.newHttpClient();
        String body = "{\"name\":\"tcp-intruder\",\"image\":\"" + IMAGE + "\",\"command\":[\"sleep\",\"3600\"]}";
        for (Map.Entry<String, String> attempt : Map.of("none", "", "wrong", "Bearer " + TOKEN + "x",
                "prefix", "Bearer " + TOKEN.substring(0, TOKEN.length() - 1), "basic", "Basic " + TOKEN).entrySet()) {
            HttpRequest.Builder post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tcpPort + "/v1/containers"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
            HttpRequest.Builder get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tcpPort + "/v1/containers"));
            if (!attempt.getValue().isEmpty()) {
                post.header("Authorization", attempt.getValue());
                get.header("Authorization", attempt.getValue());
            }
            var posted = http.send(post.build(), BodyHandlers.ofString());
            assertThat(posted.statusCode()).as(attempt.getKey() + " token, POST").isEqualTo(401);
            assertThat(posted.body()).doesNotContain(TOKEN);
            assertThat(http.send(get.build(), BodyHandlers.ofString()).statusCode()).as(attempt.getKey() + " token, GET").isEqualTo(401);
        }
        assertThat(Containers.find(cli, "tcp-intruder.1")).as("the refused POST changed nothing").isEmpty();
        var allowed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tcpPort + "/v1/ping"))
                .header("Authorization", "Bearer " + TOKEN).build(), BodyHandlers.ofString());
        assertThat(allowed.statusCode()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void secretsAppearInNoLogEventOrInspect()
            throws Exception
    {
        Result pull = cli.run("pull", registry.host() + "/private/busybox:1");
        assertThat(pull.exit()).as(pull.err()).isZero();
        Path spec = scratch.resolve("secret.yaml");
        Files.writeString(spec, """
                services:
                  keeper:
                    image: %s
                    command: [sh, -c, 'test "$DB_PASSWORD" = "%s" && echo has-it; sleep 3600']
                    env:
                      PLAIN: visible
                      DB_PASSWORD: {value: "%s", secret: true}
                """.formatted(IMAGE, ENV_SECRET, ENV_SECRET));
        Result deploy = cli.run("deploy", "-f", spec.toString());
        assertThat(deploy.exit()).as(deploy.err()).isZero();
        awaitLog("keeper", "has-it");
        assertThat(cli.run("exec", "keeper", "sh", "-c", "echo $DB_PASSWORD").out().strip())
                .as("the container does get the value").isEqualTo(ENV_SECRET);

        JsonNode inspect = cli.run("inspect", "keeper", "--json").json();
        assertThat(inspect.path("env").path("PLAIN").asText()).isEqualTo("visible");
        List<String> outputs = List.of(
                inspect.toString(),
                cli.run("inspect", "keeper").out(),
                cli.run("ps", "--json").out(),
                cli.run("events", "--json").out(),
                cli.run("node", "--json").out(),
                cli.run("images", "--json").out(),
                agent.log(),
                readTree(agent.dataDir(), List.of("state", "youki", "images", "network/netns")));
        String basic = Base64.getEncoder().encodeToString(("berth:" + REGISTRY_PASSWORD).getBytes(StandardCharsets.UTF_8));
        for (String output : outputs) {
            assertThat(output).doesNotContain(ENV_SECRET).doesNotContain(REGISTRY_PASSWORD).doesNotContain(basic).doesNotContain(TOKEN);
        }
        System.out.println("agent log: " + agent.log().lines().count() + " lines; none holds a secret");
        try (var walk = Files.walk(agent.dataDir().resolve("youki"))) {
            for (Path file : walk.filter(path -> path.getFileName().toString().equals("config.json")).toList()) {
                System.out.println(file + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(file))
                        + " dir " + PosixFilePermissions.toString(Files.getPosixFilePermissions(agent.dataDir())));
            }
        }
    }

    @Test
    @Order(5)
    void containersGetTheDefaultHardening()
    {
        Result status = cli.run("run", "--rm", "--name", "hardening", IMAGE, "cat", "/proc/self/status");
        assertThat(status.exit()).as(status.err()).isZero();
        System.out.println(status.out().lines().filter(line -> line.matches("(Cap|NoNewPrivs|Seccomp).*")).toList());
        // the set 'runc spec' writes: AUDIT_WRITE (29), KILL (5), NET_BIND_SERVICE (10)
        assertThat(status.out()).containsPattern("(?m)^CapEff:\\s+0000000020000420$")
                .containsPattern("(?m)^CapBnd:\\s+0000000020000420$")
                .containsPattern("(?m)^CapAmb:\\s+0000000000000000$")
                .containsPattern("(?m)^NoNewPrivs:\\s+1$")
                .containsPattern("(?m)^Seccomp:\\s+2$");

        Result masked = cli.run("run", "--rm", "--name", "masked", IMAGE, "sh", "-c",
                "for f in /proc/kcore /proc/keys /proc/timer_list /proc/sched_debug /proc/latency_stats; do "
                        + "[ -e $f ] && echo \"masked $f $(wc -c < $f)\"; done; "
                        + "echo \"listed /sys/firmware $(ls -A /sys/firmware | wc -l)\"; "
                        + "echo 1 > /proc/sysrq-trigger && echo sysrq-writable; "
                        + "echo x > /proc/sys/kernel/hostname && echo sysctl-writable; "
                        + "mkdir -p /tmp/m && mount -t tmpfs none /tmp/m && echo mount-allowed; "
                        + "true");
        System.out.println("masked: " + masked.out() + masked.err());
        List<String> lines = masked.out().lines().filter(line -> line.startsWith("masked ")).toList();
        long present = List.of("/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/sched_debug", "/proc/latency_stats").stream()
                .filter(path -> Files.exists(Path.of(path))).count();
        assertThat(present).as("the host has some of these, so the check is not vacuous").isPositive();
        assertThat(lines).hasSizeLessThanOrEqualTo((int) present).isNotEmpty().allSatisfy(line -> assertThat(line).endsWith(" 0"));
        assertThat(masked.out()).contains("listed /sys/firmware 0");
        assertThat(masked.out()).doesNotContain("sysrq-writable").doesNotContain("sysctl-writable").doesNotContain("mount-allowed");
    }

    private static void awaitLog(String name, String text)
            throws InterruptedException
    {
        for (int i = 0; i < 100; i++) {
            if (cli.run("logs", name).out().contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " never logged " + text + ": " + cli.run("logs", name).out());
    }

    /**
     * Every small file under the data dir but the store and the runtime's bundles, which must hold the values, and
     * the network namespaces (bind-mounted namespace files, which cannot be read).
     */
    private static String readTree(Path directory, List<String> skipped)
            throws java.io.IOException
    {
        StringBuilder all = new StringBuilder();
        try (var walk = Files.walk(directory)) {
            for (Path file : walk.filter(Files::isRegularFile)
                    .filter(file -> skipped.stream().noneMatch(skip -> directory.relativize(file).startsWith(skip))).toList()) {
                if (Files.size(file) < (1 << 20)) {
                    all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                }
            }
        }
        return all.toString();
    }
}
