package dev.berth.systemtests.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.image.testing.TestImages;
import dev.berth.node.testing.AgentProcess;
import dev.berth.node.testing.Cli;
import dev.berth.node.testing.Cli.Result;
import dev.berth.systemtests.testing.AgentFixture;
import dev.berth.systemtests.testing.Containers;
import dev.berth.systemtests.testing.Scratch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's data dir on a 48Mi tmpfs, nearly full of unused images and a filler: loading another image runs out of
 * space, collects the unused images (least recently used first, not the pinned one, not the one a container uses) and
 * succeeds on its retry; berth node shows the usage, thresholds and the collection.
 */
class ImageGcDiskTest
{
    private static final int MIB = 1 << 20;

    private Path scratch;
    private Path mount;
    private boolean mounted;
    private AgentProcess agent;

    @AfterEach
    void tearDown()
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
    void aLoadOutOfSpaceCollectsUnusedImagesAndSucceedsOnItsRetry()
            throws Exception
    {
        AgentFixture.requireHost();
        scratch = Scratch.create("bst-imagegc-");
        mount = Files.createDirectories(scratch.resolve("disk"));
        run("mount", "-t", "tmpfs", "-o", "size=48m", "berth-systest-imagegc", mount.toString());
        mounted = true;
        agent = AgentFixture.startAgent(mount.resolve("data"), scratch.resolve("a.sock"), "--set", "image.gc.min-age=0s",
                "--set", "image.gc.high=100", "--set", "image.gc.low=10", "--set", "image.gc.pinned=test/noise2:latest");
        Cli cli = agent.cli();
        TestImages.busybox().writeLayout(scratch.resolve("layout"), "latest");
        assertThat(cli.run("load", scratch.resolve("layout").toString(), AgentFixture.IMAGE).exit()).isZero();
        assertThat(cli.run("run", "-d", "--name", "user", AgentFixture.IMAGE, "sleep", "3600").exit()).isZero();
        for (int i = 1; i <= 3; i++) {
            Path layout = scratch.resolve("noise" + i);
            TestImages.image().layer(TestImages.layer().random("noise", 3 * MIB, i)).writeLayout(layout, "latest");
            assertThat(cli.run("load", layout.toString(), "test/noise" + i + ":latest").exit()).isZero();
        }
        long filled = fill(mount.resolve("filler"), Files.getFileStore(mount).getUsableSpace() - 2L * MIB);
        System.out.println("filled " + filled + "; free " + Files.getFileStore(mount).getUsableSpace());

        Path big = scratch.resolve("big");
        TestImages.image().layer(TestImages.layer().random("noise", 4 * MIB, 99)).writeLayout(big, "latest");
        Result load = cli.run("load", "--json", big.toString(), "test/big:latest");
        System.out.println("load on a nearly full disk: " + load.exit() + " " + load.out().strip() + " " + load.err().strip());

        assertThat(load.exit()).as("collected, then retried").isZero();
        JsonNode disk = cli.run("node", "--json").json().path("disk");
        System.out.println("disk: " + disk);
        JsonNode last = disk.path("lastCollection");
        assertThat(last.path("trigger").asText()).isEqualTo("storage-full");
        assertThat(last.path("imagesRemoved")).extracting(JsonNode::asText)
                .containsExactly("docker.io/test/noise1:latest", "docker.io/test/noise3:latest");
        assertThat(last.path("bytesFreed").asLong()).isGreaterThanOrEqualTo(12L * MIB);
        assertThat(disk.path("gcHighPercent").asInt()).isEqualTo(100);
        assertThat(disk.path("gcLowPercent").asInt()).isEqualTo(10);
        assertThat(cli.run("images", "--json").json().findValuesAsText("reference"))
                .contains("docker.io/test/noise2:latest", "docker.io/test/busybox:latest", "docker.io/test/big:latest")
                .doesNotContain("docker.io/test/noise1:latest", "docker.io/test/noise3:latest");
        String node = cli.run("node").out();
        System.out.println(node);
        assertThat(node).contains("image gc:  last ").contains("(storage-full): 2 images removed");
        assertThat(Containers.find(cli, "user.1").orElseThrow().path("state").asText()).isEqualTo("running");
    }

    private static long fill(Path filler, long bytes)
            throws IOException
    {
        byte[] block = new byte[1 << 16];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (written < bytes) {
                int length = (int) Math.min(block.length, bytes - written);
                out.write(block, 0, length);
                written += length;
            }
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
