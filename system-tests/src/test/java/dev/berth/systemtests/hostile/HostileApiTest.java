package dev.berth.systemtests.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.node.client.ApiException;
import dev.berth.node.testing.AgentProcess;
import dev.berth.node.testing.Cli;
import dev.berth.node.testing.Cli.Result;
import dev.berth.systemtests.testing.AgentFixture;
import dev.berth.systemtests.testing.RawHttp;
import dev.berth.systemtests.testing.Scratch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hostile requests to the real agent's API: fields it does not take, bodies nested thousands deep, requests HTTP
 * cannot parse, paths it does not serve, an exec into a stopped container, control characters for the terminal.
 * Each is answered in the JSON error form naming what is wrong, and nothing runs that was not asked for.
 */
class HostileApiTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path scratch;
    static AgentFixture fixture;
    static AgentProcess agent;
    static Cli cli;

    @BeforeAll
    static void startAgent()
            throws Exception
    {
        AgentFixture.requireHost();
        scratch = Scratch.create("bst-api-");
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
    void aRunRequestWithFieldsItDoesNotTakeIsRefusedAndNothingRuns()
    {
        String body = "{\"name\": \"unlimited\", \"image\": \"" + AgentFixture.IMAGE + "\", \"command\": [\"sleep\", \"3600\"],"
                + " \"resources\": {\"memory\": \"16Mi\"}, \"security\": {\"privileged\": true}, \"mounts\": [\"/etc:/x\"], \"bogus\": 1}";
        assertThatThrownBy(() -> agent.client().postText("/v1/containers", body))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("INVALID_SPEC");
                })
                .hasMessageContaining("unknown field of a run request");
        assertThatThrownBy(() -> agent.client().postText("/v1/containers/unlimited/exec", "{\"command\": [\"id\"], \"privileged\": true}"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("privileged: unknown field of an exec request");
        assertThat(cli.run("ps", "-q").out()).doesNotContain("unlimited");
    }

    @Test
    void aDeployNestedThousandsDeepIsAJsonErrorNotAnHtmlPage()
            throws Exception
    {
        String yaml = "services:\n  deep:\n    image: " + AgentFixture.IMAGE + "\n    labels: " + "[".repeat(20_000) + "]".repeat(20_000) + "\n";
        String json = "{\"image\": " + "[".repeat(20_000) + "]".repeat(20_000) + "}";
        for (String[] request : new String[][] {{"/v1/deploy", yaml}, {"/v1/containers", json}}) {
            String answer;
            try (SocketChannel channel = RawHttp.send(UnixDomainSocketAddress.of(agent.socket()), "POST " + request[0] + " HTTP/1.1\r\nHost: berth\r\n"
                    + "Connection: close\r\nContent-Type: application/yaml\r\nContent-Length: " + request[1].length() + "\r\n\r\n" + request[1])) {
                answer = RawHttp.readToEnd(channel);
            }
            assertThat(answer).as(request[0]).startsWith("HTTP/1.1 400").contains("application/json").doesNotContain("<html");
            JsonNode error = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertThat(error.path("code").asText()).isEqualTo("INVALID_SPEC");
            assertThat(error.path("message").asText()).as(request[0]).containsAnyOf("nested deeper than", "nesting depth");
        }
        assertThat(agent.alive()).isTrue();
    }

    @Test
    void whatJettyRefusesByItselfIsAJsonErrorToo()
            throws Exception
    {
        String answer;
        try (SocketChannel channel = RawHttp.send(UnixDomainSocketAddress.of(agent.socket()),
                "GET /v1/containers HTTP/1.1\r\nHost: berth\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n")) {
            answer = RawHttp.readToEnd(channel);
        }
        assertThat(answer).startsWith("HTTP/1.1 431").contains("application/json").doesNotContain("<html");
        assertThat(JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4)).path("code").asText()).isEqualTo("INVALID_SPEC");
    }

    @Test
    void anUnknownEndpointIsA404NamingMethodAndPath()
    {
        assertThatThrownBy(() -> agent.client().get("/v1/bogus/thing"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessage("unknown API endpoint GET /v1/bogus/thing: the agent serves no such method and path");
        assertThatThrownBy(() -> agent.client().delete("/v1/containers/x/logs"))
                .hasMessageContaining("unknown API endpoint DELETE /v1/containers/x/logs");
    }

    @Test
    void execIntoAStoppedContainerIsAConflictNamingItsState()
    {
        assertThat(cli.run("run", "--name", "done", AgentFixture.IMAGE, "true").exit()).isZero();
        assertThatThrownBy(() -> agent.client().post("/v1/containers/done/exec", JSON.createObjectNode().set("command", JSON.createArrayNode().add("id"))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("container 'done.1' is not running (it ")
                .hasMessageNotContaining("not supported");
        Result exec = cli.run("exec", "done", "id");
        assertThat(exec.exit()).isEqualTo(2);
        assertThat(exec.err()).contains("is not running");
    }

    @Test
    void controlCharactersAContainerControlsNeverReachTheTerminal()
    {
        String hostile = "x\u001b]0;pwned\u0007\u001b[2J\u009b31m";
        assertThat(cli.run("run", "-d", "--name", "esc", "--env", "TITLE=" + hostile, AgentFixture.IMAGE,
                "sh", "-c", "printf '%s\\n' \"$TITLE\"; sleep 3600").exit()).isZero();

        Result inspect = cli.run("inspect", "esc");
        assertThat(inspect.out()).contains("TITLE: x\\x1b]0;pwned\\x07\\x1b[2J\\u009b31m").doesNotContain("\u001b").doesNotContain("\u009b");
        // --json is JSON: the value is intact once parsed, and no raw control character is printed
        Result json = cli.run("inspect", "--json", "esc");
        assertThat(json.out()).doesNotContain("\u001b").doesNotContain("\u009b");
        assertThat(json.json().path("env").path("TITLE").asText()).isEqualTo(hostile);
        Result events = cli.run("events");
        assertThat(events.out()).doesNotContain("\u001b");
        // the container's own output stays byte-exact, as docker's does
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        Result logs = cli.run("logs", "esc");
        while (logs.out().isEmpty() && System.nanoTime() < deadline) {
            logs = cli.run("logs", "esc");
        }
        assertThat(logs.out()).isEqualTo(hostile + "\n");
        Result exec = cli.run("exec", "esc", "sh", "-c", "printf '%s' \"$TITLE\"");
        assertThat(exec.exit()).as(exec.err()).isZero();
        assertThat(exec.out()).isEqualTo(hostile);
    }
}
