package dev.berth.systemtests.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.node.api.Exchange;
import dev.berth.node.client.ApiClient;
import dev.berth.node.client.ApiException;
import dev.berth.node.testing.AgentProcess;
import dev.berth.node.testing.Cli;
import dev.berth.node.testing.Cli.Result;
import dev.berth.systemtests.testing.AgentFixture;
import dev.berth.systemtests.testing.Scratch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Hostile service specs through {@code berth deploy -f} on the real agent, whose node policy allows binds only under
 * one directory and no hardening opt-out: each is refused as InvalidSpec naming the field, and nothing runs (a
 * policy refusal is kept as a failed record with its reason, like every failure).
 */
class HostileSpecTest
{
    static final String IMAGE = AgentFixture.IMAGE;

    static Path scratch;
    static AgentFixture fixture;
    static AgentProcess agent;
    static Cli cli;

    @BeforeAll
    static void startAgent()
            throws Exception
    {
        AgentFixture.requireHost();
        scratch = Scratch.create("bst-spec-");
        Files.createDirectories(scratch.resolve("allowed"));
        fixture = AgentFixture.start(scratch,
                "--set", "runtime.youki.allowed-bind-roots=" + scratch.resolve("allowed"));
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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bind of /etc                  | mounts: ['/etc:/host-etc']                                 | mounts[0]",
            "bind escaping the root by ..  | mounts: ['ALLOWED/../../etc:/x']                           | mounts[0]",
            "bind of the root              | mounts: [{type: bind, source: /, target: /host}]           | mounts[0]",
            "privileged                    | security: {privileged: true}                               | privileged",
            "added capability              | security: {capAdd: [SYS_ADMIN]}                            | capAdd",
            "seccomp unconfined            | security: {seccomp: unconfined}                            | seccomp",
            "device                        | security: {devices: [/dev/sda]}                            | devices",
            "device outside /dev           | security: {devices: [/etc/shadow]}                         | devices[0]",
            "no-new-privileges off         | security: {noNewPrivileges: false}                         | noNewPrivileges",
            "memory of 2Pi                 | resources: {memory: 2Pi}                                   | resources.memory",
            "memory below the minimum      | resources: {memory: 1Ki}                                   | resources.memory",
            "a million cpus                | resources: {cpu: '1000000'}                                | resources.cpu",
            "negative pids                 | resources: {pids: -1}                                      | resources.pids",
            "cpu shares beyond cgroup max  | resources: {cpuShares: 99999999}                           | resources.cpuShares",
    })
    void refusedAsInvalidSpecNamingTheField(String name, String fragment, String field)
            throws Exception
    {
        String service = "hostile-" + Integer.toHexString(name.hashCode());
        Path spec = scratch.resolve(service + ".yaml");
        Files.writeString(spec, """
                services:
                  %s:
                    image: %s
                    command: [sleep, "3600"]
                    %s
                """.formatted(service, IMAGE, fragment.replace("ALLOWED", scratch.resolve("allowed").toString())));
        Result deploy = cli.run("deploy", "--json", "-f", spec.toString());
        System.out.println(name + ": " + deploy.out().strip());
        assertThat(deploy.exit()).as(name).isEqualTo(2);
        // parse-time problems refuse the whole document; node-policy problems are the service's deploy outcome
        JsonNode output = deploy.json();
        JsonNode error = output.has("code") ? output : output.path("services").path(0).path("error");
        assertThat(error.path("code").asText()).as(name).isEqualTo("INVALID_SPEC");
        assertThat(error.path("message").asText()).as(name + " names the field").contains(field);
        for (JsonNode container : cli.run("ps", "--json").json()) {
            if (container.path("service").asText().equals(service)) {
                assertThat(container.path("state").asText()).as("kept as a record only, never run").isEqualTo("failed");
                assertThat(container.path("failure").path("code").asText()).isEqualTo("INVALID_SPEC");
            }
        }
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsReadAndTheAgentGoesOn()
            throws Exception
    {
        // the agent runs with a small heap that ends it on OutOfMemoryError: a body is bounded before it is read
        String response;
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(agent.socket()))) {
            String head = "POST /v1/deploy HTTP/1.1\r\nHost: berth\r\nContent-Type: application/yaml\r\nContent-Length: "
                    + (Exchange.MAX_BODY_BYTES + 1) + "\r\n\r\n";
            channel.write(ByteBuffer.wrap((head + "#".repeat(4096)).getBytes(StandardCharsets.US_ASCII)));
            // the rest never comes: the agent answers without waiting for it
            channel.shutdownOutput();
            response = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThat(response).startsWith("HTTP/1.1 400").contains("INVALID_SPEC").contains("over the API's limit of " + Exchange.MAX_BODY_BYTES);
        assertThat(cli.run("ps").exit()).as("the agent still answers").isZero();

        // the CLI's client refuses it before sending, with the same limit
        assertThat(ApiClient.MAX_BODY_BYTES).isEqualTo(Exchange.MAX_BODY_BYTES);
        assertThatThrownBy(() -> agent.client().postText("/v1/deploy", "#".repeat(Exchange.MAX_BODY_BYTES + 1)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("INVALID_SPEC"))
                .hasMessageContaining("over the agent's limit of " + Exchange.MAX_BODY_BYTES);
    }

    @Test
    void aKeyGivenTwiceInARequestIsRefusedNotTakenAsTheLast()
    {
        assertThatThrownBy(() -> agent.client().postText("/v1/containers", "{\"image\": \"" + IMAGE + "\", \"image\": \"other:1\"}"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("INVALID_SPEC"))
                .hasMessageContaining("Duplicate field 'image'");
    }
}
