package dev.berth.youki.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.error.Configuration;
import dev.berth.core.error.Network;
import dev.berth.core.error.Timeout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/** The CNI calling convention and error mapping, against small shell-script plugins. */
class CniPluginRunnerTest
{
    private final ObjectMapper mapper = new ObjectMapper();
    @TempDir
    Path cniPath;
    private CniPluginRunner runner;

    @BeforeEach
    void setUp()
    {
        runner = new CniPluginRunner(cniPath, new CommandRunner(Duration.ofSeconds(10)), mapper);
    }

    @Test
    void passesTheSpecEnvironmentAndConfigurationAndReadsTheResult()
            throws IOException
    {
        plugin("echo-env", """
                config=$(cat)
                printf '{"cniVersion":"1.0.0","command":"%s","id":"%s","netns":"%s","ifname":"%s","path":"%s","config":%s}' \\
                  "$CNI_COMMAND" "$CNI_CONTAINERID" "$CNI_NETNS" "$CNI_IFNAME" "$CNI_PATH" "$config"
                """);

        JsonNode result = runner.invoke(CniCommand.ADD, new CniInvocation("c1", "/run/netns/c1", "eth0"), config("echo-env")).orElseThrow();

        assertThat(result.path("command").asText()).isEqualTo("ADD");
        assertThat(result.path("id").asText()).isEqualTo("c1");
        assertThat(result.path("netns").asText()).isEqualTo("/run/netns/c1");
        assertThat(result.path("ifname").asText()).isEqualTo("eth0");
        assertThat(result.path("path").asText()).isEqualTo(cniPath.toString());
        assertThat(result.path("config").path("name").asText()).isEqualTo("testnet");
    }

    @Test
    void emptyOutputIsNoResult()
            throws IOException
    {
        plugin("quiet", "cat >/dev/null\n");

        assertThat(runner.invoke(CniCommand.DEL, new CniInvocation("c1", "", "eth0"), config("quiet"))).isEmpty();
    }

    @Test
    void pluginErrorCarriesCodeMessageDetailsAndStderr()
            throws IOException
    {
        plugin("failing", """
                cat >/dev/null
                echo '{"cniVersion":"1.0.0","code":11,"msg":"try again later","details":"lock held by 42"}'
                echo 'warning: something' >&2
                exit 1
                """);

        assertThatThrownBy(() -> runner.invoke(CniCommand.ADD, new CniInvocation("c1", "/x", "eth0"), config("failing")))
                .isInstanceOf(Network.class)
                .hasMessageContaining("CNI plugin failing ADD for container c1 failed: exit status 1, code 11: try again later (lock held by 42)")
                .hasMessageContaining("stderr: warning: something");
    }

    @Test
    void nonJsonFailureKeepsTheRawOutput()
            throws IOException
    {
        plugin("garbage", "cat >/dev/null\necho 'panic: runtime error'\nexit 2\n");

        assertThatThrownBy(() -> runner.invoke(CniCommand.DEL, new CniInvocation("c1", "/x", "eth0"), config("garbage")))
                .isInstanceOf(Network.class)
                .hasMessageContaining("exit status 2, stdout: panic: runtime error");
    }

    @Test
    void aHangingPluginIsKilledAtTheTimeout()
            throws IOException
    {
        plugin("slow", "sleep 30\n");
        CniPluginRunner impatient = new CniPluginRunner(cniPath, new CommandRunner(Duration.ofMillis(300)), mapper);

        long started = System.nanoTime();
        assertThatThrownBy(() -> impatient.invoke(CniCommand.ADD, new CniInvocation("c1", "/x", "eth0"), config("slow")))
                .isInstanceOf(Network.class)
                .hasMessageContaining("did not finish within")
                .hasCauseInstanceOf(Timeout.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void missingPluginIsAConfigurationError()
    {
        assertThatThrownBy(() -> runner.invoke(CniCommand.ADD, new CniInvocation("c1", "/x", "eth0"), config("absent")))
                .isInstanceOf(Configuration.class)
                .hasMessageContaining("CNI plugin absent is not installed in " + cniPath);
    }

    @Test
    void chainThreadsPrevResultOnAddAndReversesOnDel()
            throws IOException
    {
        Path calls = cniPath.resolve("calls.log");
        plugin("first", "cat >/dev/null\necho \"first $CNI_COMMAND\" >> " + calls + "\necho '{\"cniVersion\":\"1.0.0\",\"from\":\"first\"}'\n");
        plugin("second", "config=$(cat)\necho \"second $CNI_COMMAND\" >> " + calls + "\nprintf '{\"cniVersion\":\"1.0.0\",\"seen\":%s}' \"$config\"\n");
        CniChain chain = new CniChain(runner);
        CniInvocation invocation = new CniInvocation("c1", "/x", "eth0");

        JsonNode result = chain.add(invocation, List.of(config("first"), config("second")));
        chain.delete(invocation, List.of(config("first"), config("second")), result);

        assertThat(result.path("seen").path("prevResult").path("from").asText()).isEqualTo("first");
        assertThat(Files.readAllLines(calls)).containsExactly("first ADD", "second ADD", "second DEL", "first DEL");
    }

    private ObjectNode config(String type)
    {
        ObjectNode config = mapper.createObjectNode();
        config.put("cniVersion", "1.0.0");
        config.put("name", "testnet");
        config.put("type", type);
        return config;
    }

    private void plugin(String name, String body)
            throws IOException
    {
        Path plugin = cniPath.resolve(name);
        Files.writeString(plugin, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
