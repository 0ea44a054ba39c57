package dev.berth.systemtests.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.image.testing.TestImages;
import dev.berth.node.testing.AgentProcess;
import dev.berth.node.testing.Cli;
import dev.berth.node.testing.Cli.Result;
import dev.berth.systemtests.testing.AgentFixture;
import dev.berth.systemtests.testing.Containers;
import dev.berth.systemtests.testing.Scratch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stop on a full disk (issue 20 #11): the container is stopped, but its record cannot be saved. The answer says
 * exactly that, as STORAGE_FULL with ENOSPC and a hint about disk space (not CONFIGURATION and a config hint), and the
 * stopped container is not restarted by its policy once its exit is seen.
 */
class DiskFullStopTest
{
    static final String IMAGE = AgentFixture.IMAGE;

    static Path scratch;
    static Path mount;
    static boolean mounted;
    static AgentProcess agent;

    @BeforeAll
    static void mountSmallDisk()
            throws Exception
    {
        AgentFixture.requireHost();
        scratch = Scratch.create("bst-diskstop-");
        mount = Files.createDirectories(scratch.resolve("disk"));
        run("mount", "-t", "tmpfs", "-o", "size=48m", "berth-systest-diskstop", mount.toString());
        mounted = true;
    }

    @AfterAll
    static void unmount()
            throws Exception
    {
        try {
            if (agent != null) {
                Files.deleteIfExists(mount.resolve("filler"));
                Containers.removeAll(agent.cli());
                agent.close();
            }
        }
        finally {
            if (mounted) {
                run("umount", "-l", mount.toString());
            }
            Scratch.removeQuietly(scratch);
        }
    }

    @Test
    void aStopOnAFullDiskSaysTheContainerWasStoppedButNotRecorded()
            throws Exception
    {
        agent = AgentFixture.startAgent(mount.resolve("data"), scratch.resolve("a.sock"));
        Cli cli = agent.cli();
        TestImages.busybox().writeLayout(scratch.resolve("layout"), "latest");
        assertThat(cli.run("load", scratch.resolve("layout").toString(), IMAGE).exit()).isZero();
        Path spec = scratch.resolve("web.yaml");
        Files.writeString(spec, "name: web\nimage: " + IMAGE + "\nargs: [sleep, '3600']\nstopGrace: 1s\nrestart: always\n");
        assertThat(cli.run("deploy", "-f", spec.toString()).exit()).isZero();

        fill(mount.resolve("filler"));
        Result stop = cli.run("stop", "--json", "web.1");
        Result stopText = cli.run("stop", "web.1");

        assertThat(stop.exit()).isNotZero();
        JsonNode answer = stop.json();
        assertThat(answer.path("code").asText()).isEqualTo("STORAGE_FULL");
        assertThat(answer.path("errno").asInt()).as("ENOSPC").isEqualTo(28);
        assertThat(answer.path("message").asText()).contains("container 'web.1' was stopped").contains("its record was not saved")
                .contains("is full");
        assertThat(stopText.err()).contains("hint: free space").doesNotContain("config");

        Result run = cli.run("run", "-d", "--json", "--name", "during", IMAGE, "sleep", "3600");
        assertThat(run.json().path("code").asText()).as("a full disk is not a configuration error").isEqualTo("STORAGE_FULL");

        Files.delete(mount.resolve("filler"));
        // once space is back, the monitor records the exit: the user's stop holds, no restart follows
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Containers.find(cli, "web.1").orElseThrow().path("state").asText().equals("exited")) {
            assertThat(System.nanoTime() - deadline).as("web.1 recorded as exited within 30s").isNegative();
            Thread.sleep(200);
        }
        JsonNode web = Containers.find(cli, "web.1").orElseThrow();
        assertThat(web.path("restarts").asInt()).as(web.toString()).isZero();
    }

    private static void fill(Path filler)
            throws IOException
    {
        byte[] block = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        }
        catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
        try (OutputStream out = Files.newOutputStream(filler, StandardOpenOption.APPEND)) {
            for (int i = 0; i < 1 << 16; i++) {
                out.write(0);
                out.flush();
            }
        }
        catch (IOException e) {
            // full to the byte
        }
    }

    private static void run(String... command)
            throws IOException, InterruptedException
    {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
    }
}
