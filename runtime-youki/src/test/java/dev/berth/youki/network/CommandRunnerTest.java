package dev.berth.youki.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.Network;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

class CommandRunnerTest
{
    private final CommandRunner runner = new CommandRunner(Duration.ofSeconds(20));

    @Test
    void feedsStdinAndKeepsBothStreamsAndTheExitStatus()
    {
        CommandResult result = runner.run(List.of("sh", "-c", "cat; echo \"$GREETING\" >&2; exit 3"), Map.of("GREETING", "hello"),
                "input".getBytes(StandardCharsets.UTF_8));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("input");
        assertThat(result.stderr()).isEqualTo("hello\n");
        assertThat(result.describe()).isEqualTo("sh -c cat; echo \"$GREETING\" >&2; exit 3 exited with 3: hello");
    }

    @Test
    void outputLargerThanAPipeBufferDoesNotBlock()
    {
        CommandResult result = runner.run(List.of("sh", "-c", "head -c 1048576 /dev/zero | tr '\\0' x; head -c 1048576 /dev/zero >&2"));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.stdout()).hasSize(1 << 20).startsWith("xxxx");
        assertThat(result.stderr()).hasSize(1 << 20);
    }

    @Test
    void runCheckedNamesThePurposeAndTheEvidence()
    {
        assertThatThrownBy(() -> runner.runChecked("cannot frobnicate", List.of("sh", "-c", "echo broken >&2; exit 1")))
                .isInstanceOf(Network.class)
                .hasMessageContaining("cannot frobnicate: sh -c echo broken >&2; exit 1 exited with 1: broken");
    }

    @Test
    void aMissingBinaryIsANetworkError()
    {
        assertThatThrownBy(() -> runner.run(List.of("/nonexistent/berth-binary")))
                .isInstanceOf(Network.class)
                .hasMessageContaining("cannot run /nonexistent/berth-binary");
    }
}
