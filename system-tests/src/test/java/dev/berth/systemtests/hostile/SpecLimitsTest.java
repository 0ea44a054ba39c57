package dev.berth.systemtests.hostile;

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

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spec values that used to make records or mounts nobody asked for (issue 20 #9 and tmpfs size 0): an image reference
 * with terminal control characters, by run and by deploy, and a tmpfs of size 0 (the kernel's "no limit"), are refused
 * as InvalidSpec naming the field, and nothing is recorded; the answer carries no raw control character.
 */
class SpecLimitsTest
{
    static final String IMAGE = AgentFixture.IMAGE;
    /** The title-setting escape of the issue: ESC ] 0 ; pwned BEL. */
    static final String HOSTILE_IMAGE = "demo/busybox\u001b]0;pwned\u0007:latest";

    static Path scratch;
    static AgentProcess agent;
    static Cli cli;

    @BeforeAll
    static void startAgent()
            throws Exception
    {
        AgentFixture.requireHost();
        scratch = Scratch.create("bst-limits-");
        agent = AgentFixture.startAgent(scratch.resolve("data"), scratch.resolve("a.sock"));
        cli = agent.cli();
        TestImages.busybox().writeLayout(scratch.resolve("layout"), "latest");
        assertThat(cli.run("load", scratch.resolve("layout").toString(), IMAGE).exit()).isZero();
    }

    @AfterAll
    static void stopAgent()
            throws Exception
    {
        if (agent != null) {
            Containers.removeAll(cli);
            agent.close();
        }
        Scratch.removeQuietly(scratch);
    }

    @Test
    void anImageReferenceWithControlCharactersIsRefusedAndNothingIsRecorded()
            throws Exception
    {
        Result run = cli.run("run", "-d", "--json", "--name", "esc", HOSTILE_IMAGE, "true");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.json().path("code").asText()).isEqualTo("INVALID_SPEC");
        assertThat(run.json().path("message").asText()).contains("image: contains the control character U+001B at position 12");
        assertThat(run.out() + run.err()).doesNotContain("\u001b").doesNotContain("\u0007");

        Path spec = scratch.resolve("esc.json");
        Files.writeString(spec, "{\"name\": \"esc2\", \"image\": \"demo/busybox\\u001b]0;pwned\\u0007:latest\"}");
        Result deploy = cli.run("deploy", "--json", "-f", spec.toString());
        assertThat(deploy.exit()).isEqualTo(2);
        assertThat(deploy.json().path("message").asText()).contains("image: contains the control character U+001B");

        assertThat(Containers.find(cli, "esc.1")).as("no FAILED record").isEmpty();
        assertThat(Containers.find(cli, "esc2.1")).isEmpty();
        assertThat(cli.run("ps", "--json").out()).doesNotContain("\u001b");
    }

    @Test
    void aTmpfsOfSizeZeroIsRefusedNamingTheField()
            throws Exception
    {
        Path spec = scratch.resolve("tmpfs.yaml");
        Files.writeString(spec, "name: unbounded\nimage: " + IMAGE + "\nargs: [sleep, '60']\nmounts: [{type: tmpfs, target: /scratch, size: 0}]\n");
        Result deploy = cli.run("deploy", "--json", "-f", spec.toString());
        assertThat(deploy.exit()).isEqualTo(2);
        assertThat(deploy.json().path("message").asText()).contains("mounts[0].size: must be greater than zero");
        assertThat(Containers.find(cli, "unbounded.1")).isEmpty();
    }
}
