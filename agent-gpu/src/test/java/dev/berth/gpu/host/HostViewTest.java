package dev.berth.gpu.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.Timeout;
import dev.berth.gpu.testing.HostTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The rooted local view and the command-only view (as WSL2 uses) must see the same tree the same way. */
class HostViewTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path root;

    @Test
    void localViewResolvesHostPathsUnderItsRoot()
    {
        HostTree tree = new HostTree(root).characterDevice("/dev/dxg").fifo("/tmp/nvidia-mps/control").file("/etc/cdi/a.yaml", "x: 1\n");
        LocalHostView view = tree.view(new LocalCommandRunner());
        assertThat(view.stat("/dev/dxg")).contains(new FileStat("/dev/dxg", FileType.CHARACTER_DEVICE, 1, 3, 0));
        assertThat(view.stat("/tmp/nvidia-mps/control").map(FileStat::type)).contains(FileType.FIFO);
        assertThat(view.stat("/tmp/nvidia-mps").map(FileStat::type)).contains(FileType.DIRECTORY);
        assertThat(view.stat("/nope")).isEmpty();
        assertThat(view.list("/etc/cdi")).containsExactly("a.yaml");
        assertThat(view.list("/etc/missing")).isEmpty();
        assertThat(view.read("/etc/cdi/a.yaml")).contains("x: 1\n");
        assertThatThrownBy(() -> view.resolve("/../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shellViewSeesTheSameThroughStatLsAndCat()
    {
        new HostTree(root).characterDevice("/dev/dxg").fifo("/tmp/nvidia-mps/control").file("/etc/cdi/a.yaml", "x: 1\n");
        ShellHostView view = new ShellHostView(new LocalCommandRunner(), TIMEOUT, "test shell");
        String base = root.toString();
        assertThat(view.stat(base + "/dev/dxg")).contains(new FileStat(base + "/dev/dxg", FileType.CHARACTER_DEVICE, 1, 3, 0));
        assertThat(view.stat(base + "/tmp/nvidia-mps/control").map(FileStat::type)).contains(FileType.FIFO);
        assertThat(view.stat(base + "/etc/cdi/a.yaml")).contains(new FileStat(base + "/etc/cdi/a.yaml", FileType.REGULAR, 0, 0, 5));
        assertThat(view.stat(base + "/nope")).isEmpty();
        assertThat(view.list(base + "/etc/cdi")).containsExactly("a.yaml");
        assertThat(view.list(base + "/etc/cdi/a.yaml")).isEmpty();
        assertThat(view.read(base + "/etc/cdi/a.yaml")).contains("x: 1\n");
        assertThat(view.read(base + "/nope")).isEmpty();
    }

    @Test
    void commandsGetStdinAndReportExitAndMissingPrograms()
    {
        LocalCommandRunner runner = new LocalCommandRunner();
        CommandResult cat = runner.run(List.of("sh", "-c", "cat; echo err >&2; exit 3"), "in".getBytes(StandardCharsets.UTF_8), TIMEOUT);
        assertThat(cat.exitCode()).isEqualTo(3);
        assertThat(cat.stdout()).isEqualTo("in");
        assertThat(cat.stderr()).isEqualTo("err\n");
        assertThat(cat.evidence()).isEqualTo("'sh -c cat; echo err >&2; exit 3' exited 3: err");
        assertThat(runner.run(List.of("/nonexistent/nvidia-smi"), new byte[0], TIMEOUT).exitCode()).isEqualTo(CommandResult.NOT_FOUND);
    }

    @Test
    void aHangingCommandIsKilledAtItsTimeout()
    {
        long started = System.nanoTime();
        assertThatThrownBy(() -> new LocalCommandRunner().run(List.of("sleep", "30"), new byte[0], Duration.ofMillis(300)))
                .isInstanceOf(Timeout.class)
                .hasRootCauseMessage("'sleep 30' did not finish");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }
}
