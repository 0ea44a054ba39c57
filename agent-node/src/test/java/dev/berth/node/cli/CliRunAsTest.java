package dev.berth.node.cli;

import dev.berth.node.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The test helper {@link Cli#runAs} with a child that writes more to standard output than a pipe holds. */
class CliRunAsTest
{
    @Test
    // A separate thread: a read blocked on a pipe ignores the interrupt a same-thread timeout sends.
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void moreStandardOutputThanAPipeHoldsDoesNotHang()
            throws Exception
    {
        // The prefix is a shell that ignores the java command line runAs appends (its positional parameters).
        String script = "head -c 200000 /dev/zero | tr '\\0' x; echo to-stderr >&2; exit 3";
        Cli.Result result = new Cli(Path.of("/nonexistent/berth-test.sock")).runAs(List.of("sh", "-c", script, "sh"), "ps");

        assertThat(result.exit()).isEqualTo(3);
        assertThat(result.out()).hasSize(200_000).matches("x+");
        assertThat(result.err()).isEqualTo("to-stderr\n");
    }
}
