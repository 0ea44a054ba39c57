package dev.berth.systemtests.hostile;

import dev.berth.node.testing.Cli;
import dev.berth.node.testing.Cli.Result;
import dev.berth.systemtests.testing.AgentFixture;
import dev.berth.systemtests.testing.Scratch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20: {@code berth run --rm busybox seq 1 1000000} exited 0 with 395,463 lines and a silent gap, because the
 * attached stream lost what conmon's log rotation took away. With small log files (many rotations) an attached run
 * delivers every line, or says on stderr that lines were lost.
 */
class AttachedOutputTest
{
    private static final int LINES = 300_000;

    static Path scratch;
    static AgentFixture fixture;
    static Cli cli;

    @BeforeAll
    static void startAgent()
            throws Exception
    {
        AgentFixture.requireHost();
        scratch = Scratch.create("bst-attach-");
        // about 1.9 MiB of log in k8s-file form: some 15 rotations
        fixture = AgentFixture.start(scratch, "--set", "runtime.youki.log-max-size=128Ki");
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
    void anAttachedRunDeliversEveryLineOrSaysWhatWasLost()
    {
        Result run = cli.run("run", "--rm", AgentFixture.IMAGE, "seq", "1", Integer.toString(LINES));
        assertThat(run.exit()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        boolean lossReported = run.err().contains("[berth] ") && run.err().contains("lost");
        int previous = 0;
        for (String line : lines) {
            int number = Integer.parseInt(line.strip());
            if (number != previous + 1) {
                assertThat(lossReported).as("a gap from " + previous + " to " + number + " with nothing said about it; stderr: " + run.err()).isTrue();
            }
            previous = number;
        }
        assertThat(previous).as("the last line").isEqualTo(LINES);
        System.out.println("attached run: " + lines.size() + " of " + LINES + " lines" + (lossReported ? ", loss reported" : ""));
    }
}
