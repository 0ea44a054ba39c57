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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's data dir on a 48Mi tmpfs, filled to the last byte while it runs: operations fail with a clear error,
 * the store survives (a restarted agent opens it and knows every container), and it all works once space returns.
 */
class DiskFullTest
{
    static final String IMAGE = "test/busybox:latest";

    static Path scratch;
    static Path mount;
    static boolean mounted;
    static AgentProcess agent;

    @BeforeAll
    static void mountSmallDisk()
            throws Exception
    {
        AgentFixture.requireHost();
        scratch = Scratch.create("bst-disk-");
        mount = Files.createDirectories(scratch.resolve("disk"));
        run("mount", "-t", "tmpfs", "-o", "size=48m", "berth-systest-disk", mount.toString());
        mounted = true;
    }

    @AfterAll
    static void unmount()
            throws Exception
    {
        try {
            if (agent != null) {
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
    void fullDiskFailsClearlyKeepsTheStoreAndRecovers()
            throws Exception
    {
        agent = AgentFixture.startAgent(mount.resolve("data"), scratch.resolve("a.sock"));
        Cli cli = agent.cli();
        TestImages.busybox().writeLayout(scratch.resolve("layout"), "latest");
        assertThat(cli.run("load", scratch.resolve("layout").toString(), IMAGE).exit()).isZero();
        assertThat(cli.run("run", "-d", "--name", "before", IMAGE, "sleep", "3600").exit()).isZero();

        Path filler = mount.resolve("filler");
        long filled = fill(filler);
        System.out.println("filled " + filled + " bytes; free now " + Files.getFileStore(mount).getUsableSpace());

        Result run = cli.run("run", "-d", "--json", "--name", "during", IMAGE, "sleep", "3600");
        System.out.println("run on a full disk: " + run.exit() + " " + run.out().strip() + " " + run.err().strip());
        assertThat(run.exit()).isNotZero();
        assertThat(run.json().path("errno").asInt()).as("ENOSPC").isEqualTo(28);
        assertThat(run.json().path("message").asText()).contains("is full").contains("store is unchanged");
        TestImages.image().layer(TestImages.layer().random("noise", 256 << 10, 7)).writeLayout(scratch.resolve("big"), "latest");
        Result load = cli.run("load", "--json", scratch.resolve("big").toString(), "test/noise:latest");
        System.out.println("load on a full disk: " + load.exit() + " " + load.out().strip() + " " + load.err().strip());
        assertThat(load.exit()).isNotZero();
        assertThat(load.json().path("code").asText()).isEqualTo("PULL_FAILED");
        assertThat(load.json().path("errno").asInt()).isEqualTo(28);
        assertThat(load.json().path("message").asText()).containsIgnoringCase("no space left");
        assertThat(agent.alive()).isTrue();
        assertThat(cli.run("ps", "--json").exit()).as("reads still answer").isZero();
        assertThat(Containers.find(cli, "before.1").orElseThrow().path("state").asText()).isEqualTo("running");

        Files.delete(filler);
        assertThat(cli.run("load", scratch.resolve("big").toString(), "test/noise:latest").exit()).as("space is back").isZero();
        assertThat(cli.run("run", "-d", "--name", "after", IMAGE, "sleep", "3600").exit()).isZero();

        assertThat(agent.terminate()).as("the JVM's exit on SIGTERM").isEqualTo(143);
        agent = AgentFixture.startAgent(mount.resolve("data"), scratch.resolve("a.sock"));
        cli = agent.cli();
        List<String> ids = cli.run("ps", "--json").json().findValuesAsText("id");
        System.out.println("after restart: " + ids);
        assertThat(ids).as("the store opened and kept every record").contains("before.1", "after.1");
        for (JsonNode container : cli.run("ps", "--json").json()) {
            if (List.of("before.1", "after.1").contains(container.path("id").asText())) {
                assertThat(container.path("state").asText()).as(container.toString()).isEqualTo("running");
            }
        }
        assertThat(cli.run("images", "--json").json().findValuesAsText("reference")).anyMatch(reference -> reference.endsWith("test/noise:latest"));
    }

    private static long fill(Path filler)
            throws IOException
    {
        byte[] block = new byte[1 << 16];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                written += block.length;
            }
        }
        catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
        // the last partial block
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            for (int i = 0; i < 1 << 16; i++) {
                out.write(0);
                out.flush();
                written++;
            }
        }
        catch (IOException e) {
            // full to the byte
        }
        return written;
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
