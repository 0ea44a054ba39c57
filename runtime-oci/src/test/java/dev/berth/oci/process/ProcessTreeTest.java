package dev.berth.oci.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

/** Local processes: identified by their whole command line, and killed only while their handle still matches. */
class ProcessTreeTest
{
    @Test
    void argumentsAreReadInFullBeyondOnePage()
            throws Exception
    {
        // a conmon's arguments name its pid file; with long ids or a deep state dir they pass 4 KiB
        String longArgument = "/var/lib/berth/" + "d".repeat(6000) + "/conmon.pid";
        Process process = new ProcessBuilder("sh", "-c", "sleep 30", "conmon", longArgument).start();
        try {
            List<String> arguments = ProcessTree.arguments(process.pid());

            assertThat(arguments).containsExactly("sh", "-c", "sleep 30", "conmon", longArgument);
        }
        finally {
            process.destroyForcibly().waitFor();
        }
    }

    @Test
    void aProcessThatIsGoneHasNoArguments()
            throws Exception
    {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();

        assertThat(ProcessTree.arguments(process.pid())).isEmpty();
    }

    @Test
    void killingAHandleKillsTheProcessAndWhatItStarted()
            throws Exception
    {
        Process process = new ProcessBuilder("sh", "-c", "sleep 30 & wait").start();
        ProcessHandle root = process.toHandle();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (root.descendants().findAny().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        List<ProcessHandle> children = root.descendants().toList();

        List<String> killed = ProcessTree.killWithDescendants(root);

        process.waitFor();
        assertThat(children).isNotEmpty();
        assertThat(killed).hasSize(1 + children.size());
        assertThat(killed.get(0)).startsWith(root.pid() + " ");
        for (ProcessHandle child : children) {
            assertThat(ProcessTree.awaitGone(child.pid(), Duration.ofSeconds(5))).isTrue();
        }
    }
}
