package dev.berth.wsl2.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.Internal;
import dev.berth.core.error.Timeout;
import dev.berth.oci.process.Command;
import dev.berth.oci.process.CommandResult;
import dev.berth.oci.process.InputWriter;
import dev.berth.oci.process.ProcessCall;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

class TransportTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void wslExeRunsInTheDistroAsRootWithDirectoryAndEnvironment()
    {
        WslExeTransport wsl = new WslExeTransport("wsl.exe", "Ubuntu-22.04", false);
        Command command = new Command(List.of("/usr/local/bin/youki", "state", "c1"), Map.of("XDG_RUNTIME_DIR", "/run/user/0"),
                Optional.of("/var/lib/berth/wsl2/containers/c1"), Optional.empty(), TIMEOUT);
        assertThat(wsl.argv(command)).containsExactly("wsl.exe", "-d", "Ubuntu-22.04", "-u", "root", "--cd", "/var/lib/berth/wsl2/containers/c1",
                "--exec", "env", "XDG_RUNTIME_DIR=/run/user/0", "/usr/local/bin/youki", "state", "c1");
        assertThat(wsl.argv(Command.of(TIMEOUT, List.of("true")))).containsExactly("wsl.exe", "-d", "Ubuntu-22.04", "-u", "root", "--exec", "true");
        assertThat(wsl.describe()).isEqualTo("wsl:Ubuntu-22.04");
    }

    @Test
    void onWindowsEveryArgumentSurvivesCommandLineToArgvW()
    {
        WslExeTransport wsl = new WslExeTransport("wsl.exe", "Ubuntu", true);
        List<String> argv = wsl.argv(Command.of(TIMEOUT, List.of("sh", "-c", "cat \"$1\" > \"$1.tmp\"", "sh", "/var/lib/x y", "", "C:\\dir\\")));
        assertThat(argv).containsExactly("wsl.exe", "-d", "Ubuntu", "-u", "root", "--exec", "sh", "-c",
                "\"cat \\\"$1\\\" > \\\"$1.tmp\\\"\"", "sh", "\"/var/lib/x y\"", "\"\"", "C:\\dir\\");
        assertThat(WindowsArguments.quote("a\\\"b")).isEqualTo("\"a\\\\\\\"b\"");
        assertThat(WindowsArguments.quote("trailing\\ space\\")).isEqualTo("\"trailing\\ space\\\\\"");
    }

    @Test
    void wslExeOwnUtf16MessagesAreDecoded()
    {
        byte[] utf16 = "There is no distribution with the supplied name.\r\n".getBytes(StandardCharsets.UTF_16LE);
        assertThat(ProcessCall.decode(utf16)).isEqualTo("There is no distribution with the supplied name.\r\n");
        assertThat(ProcessCall.decode("plain ütf-8\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("plain ütf-8\n");
    }

    @Test
    void localTransportStreamsBinaryInputAndReportsExit()
    {
        LocalDistroTransport local = new LocalDistroTransport(Path.of("/"));
        byte[] bytes = new byte[256 * 1024];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        CommandResult counted = local.run(Command.of(TIMEOUT, List.of("sh", "-c", "wc -c; exit 5")), output -> output.write(bytes));
        assertThat(counted.exitCode()).isEqualTo(5);
        assertThat(counted.stdout().strip()).isEqualTo(Integer.toString(bytes.length));
        assertThat(local.run(Command.of(TIMEOUT, List.of("/nonexistent/runc"))).exitCode()).isEqualTo(CommandResult.NOT_LAUNCHED);
    }

    @Test
    void anInputStreamThatBreaksFailsACommandThatOtherwiseSucceeded()
    {
        LocalDistroTransport local = new LocalDistroTransport(Path.of("/"));
        assertThatThrownBy(() -> local.run(Command.of(TIMEOUT, List.of("sh", "-c", "cat > /dev/null")), output -> {
            output.write(new byte[10]);
            throw new IOException("layer file vanished");
        })).isInstanceOf(Internal.class).hasRootCauseMessage("layer file vanished");
    }

    @Test
    void aHangingCommandIsKilledAtItsTimeout()
    {
        LocalDistroTransport local = new LocalDistroTransport(Path.of("/"));
        assertThatThrownBy(() -> local.run(Command.of(Duration.ofMillis(300), List.of("sleep", "30")))).isInstanceOf(Timeout.class);
    }

    @Test
    void outputIsKeptAsBoundedTailsWithTheDroppedBytesCounted()
    {
        // an exec in the distro printing without end costs the agent the command's limits, not its heap
        Command command = Command.of(Duration.ofSeconds(30), List.of("sh", "-c", "head -c 3000000 /dev/zero | tr '\\0' o; printf END; head -c 5000 /dev/zero | tr '\\0' e >&2"))
                .withOutputLimits(1 << 20, 1 << 10);
        CommandResult result = ProcessCall.run(command, command.argv(), Map.of(), null, InputWriter.NONE);
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).hasSize(1 << 20).endsWith("oooEND");
        assertThat(result.stdoutDropped()).isEqualTo(3_000_003L - (1 << 20));
        assertThat(result.stderr()).hasSize(1 << 10).matches("e+");
        assertThat(result.stderrDropped()).isEqualTo(5000L - (1 << 10));
    }
}
