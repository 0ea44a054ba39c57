package dev.berth.systemtests.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.node.testing.AgentProcess;
import dev.berth.node.testing.Cli;
import dev.berth.node.testing.Cli.Result;
import dev.berth.systemtests.testing.AgentFixture;
import dev.berth.systemtests.testing.Scratch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Published ports on the real agent with its TCP API on: a port the agent itself, or any host process, listens on
 * is refused naming the holder (a DNAT would take its connections, bearer tokens and all), privileged ports need the
 * node policy, and one host port goes to one container.
 */
class HostPortTest
{
    private static final String IMAGE = AgentFixture.IMAGE;
    private static final String TOKEN = "host-port-test-token";

    static Path scratch;
    static AgentFixture fixture;
    static AgentProcess agent;
    static Cli cli;
    static int tcpPort;

    @BeforeAll
    static void startAgent()
            throws Exception
    {
        AgentFixture.requireHost();
        scratch = Scratch.create("bst-port-");
        tcpPort = freePort();
        fixture = AgentFixture.start(scratch, "--set", "agent.tcp.port=" + tcpPort, "--set", "agent.tcp.token=" + TOKEN);
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
    void theAgentsOwnApiPortIsRefusedAndTheApiStaysTheAgents()
            throws Exception
    {
        JsonNode error = refusedDeploy("hijack", "ports: ['" + tcpPort + ":8080']");
        assertThat(error.path("message").asText())
                .contains("ports[0]: host port 127.0.0.1:" + tcpPort + "/tcp is already in use on this host by this berth agent itself (pid " + agent.pid());
        assertThat(ping()).as("the API still answers, not a container").isEqualTo(200);
    }

    @Test
    void aPortAHostProcessListensOnIsRefusedNamingIt()
            throws Exception
    {
        int port = freePort();
        Process server = new ProcessBuilder("busybox", "nc", "-l", "-p", Integer.toString(port)).start();
        try {
            JsonNode error = awaitRefusal("shadow", "ports: ['" + port + ":8080']", "busybox");
            assertThat(error.path("message").asText())
                    .contains("ports[0]: host port 127.0.0.1:" + port + "/tcp is already in use on this host by pid " + server.pid() + " (busybox)");
        }
        finally {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void privilegedPortsNeedTheNodePolicy()
            throws Exception
    {
        JsonNode error = refusedDeploy("web", "ports: ['80:8080']");
        assertThat(error.path("message").asText()).contains("ports[0]: host port 127.0.0.1:80/tcp is privileged (below 1024)")
                .contains("runtime.youki.network.allow-privileged-ports");
    }

    @Test
    void oneHostPortGoesToOneContainer()
            throws Exception
    {
        int port = freePort();
        Result first = deploy("owner", "ports: ['" + port + ":8080']");
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        Result second = deploy("second", "ports: ['" + port + ":8081']");
        assertThat(second.exit()).isNotZero();
        JsonNode error = second.json().path("services").path(0).path("error");
        assertThat(error.path("code").asText()).isEqualTo("NETWORK");
        assertThat(error.path("message").asText()).contains("host port 127.0.0.1:" + port + "/tcp is already published by container owner.1");
    }

    private static JsonNode awaitRefusal(String service, String fragment, String holder)
            throws Exception
    {
        // nc binds a moment after it starts: retry the refusal until it names the holder, within a bound
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int attempt = 0;
        while (true) {
            Result result = deploy(service + "-" + attempt++, fragment);
            JsonNode output = result.json();
            JsonNode error = output.has("code") ? output : output.path("services").path(0).path("error");
            if (error.path("message").asText().contains(holder) || System.nanoTime() > deadline) {
                assertThat(error.path("code").asText()).isEqualTo("INVALID_SPEC");
                return error;
            }
            cli.run("rm", "-f", service + "-" + (attempt - 1));
        }
    }

    private static JsonNode refusedDeploy(String service, String fragment)
            throws Exception
    {
        Result deploy = deploy(service, fragment);
        System.out.println(service + ": " + deploy.out().strip());
        assertThat(deploy.exit()).isEqualTo(2);
        JsonNode output = deploy.json();
        JsonNode error = output.has("code") ? output : output.path("services").path(0).path("error");
        assertThat(error.path("code").asText()).isEqualTo("INVALID_SPEC");
        return error;
    }

    private static Result deploy(String service, String fragment)
            throws Exception
    {
        Path spec = scratch.resolve(service + ".yaml");
        Files.writeString(spec, """
                services:
                  %s:
                    image: %s
                    command: [sleep, "3600"]
                    %s
                """.formatted(service, IMAGE, fragment));
        return cli.run("deploy", "--json", "-f", spec.toString());
    }

    private static int ping()
            throws Exception
    {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + tcpPort + "/v1/ping").toURL().openConnection();
        connection.setRequestProperty("Authorization", "Bearer " + TOKEN);
        connection.setConnectTimeout(5000);
        connection.setReadTimeout(5000);
        try {
            return connection.getResponseCode();
        }
        finally {
            connection.disconnect();
        }
    }

    private static int freePort()
            throws Exception
    {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
