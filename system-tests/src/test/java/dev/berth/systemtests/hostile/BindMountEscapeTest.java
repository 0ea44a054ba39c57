package dev.berth.systemtests.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.node.testing.Cli;
import dev.berth.node.testing.Cli.Result;
import dev.berth.systemtests.testing.AgentFixture;
import dev.berth.systemtests.testing.Scratch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20's escape: with {@code runtime.youki.allowed-bind-roots=ALLOWED} and {@code ALLOWED/link -> /etc}, a bind of
 * {@code ALLOWED/link} gave the container the host's /etc read-write. The agent resolves the source beneath the root
 * as the kernel does, so the link is refused, while a real directory under the root still binds.
 */
class BindMountEscapeTest
{
    private static final String IMAGE = AgentFixture.IMAGE;

    static Path scratch;
    static Path allowed;
    static AgentFixture fixture;
    static Cli cli;

    @BeforeAll
    static void startAgent()
            throws Exception
    {
        AgentFixture.requireHost();
        scratch = Scratch.create("bst-bind-");
        allowed = Files.createDirectories(scratch.resolve("allowed"));
        fixture = AgentFixture.start(scratch, "--set", "runtime.youki.allowed-bind-roots=" + allowed);
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
    void aLinkOutOfTheAllowedRootIsRefusedAndTheHostsEtcIsUntouched()
            throws Exception
    {
        Path link = Files.createSymbolicLink(allowed.resolve("link"), Path.of("/etc"));
        String planted = "berth-escape-" + UUID.randomUUID();
        Result deploy = deploy("escape", link + ":/x", "cat /x/hostname; echo owned > /x/" + planted + "; sleep 3600");
        System.out.println("escape: " + deploy.out().strip());
        Path hostFile = Path.of("/etc", planted);
        if (deploy.exit() == 0) {
            // the escape went through: let the container show it, then clean the host up before failing
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
            while (!Files.exists(hostFile) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            cli.run("rm", "-f", "escape");
        }
        boolean escaped = Files.deleteIfExists(hostFile);
        assertThat(escaped).as("the container wrote into the host's /etc").isFalse();
        assertThat(deploy.exit()).isEqualTo(2);
        JsonNode error = deploy.json().path("services").path(0).path("error");
        assertThat(error.path("code").asText()).isEqualTo("INVALID_SPEC");
        assertThat(error.path("message").asText()).contains("mounts[0]").contains(link.toString()).contains("leads out of the allowed bind root");
    }

    @Test
    void aDirectoryUnderTheAllowedRootStillBinds()
            throws Exception
    {
        Path data = Files.createDirectories(allowed.resolve("data"));
        Files.writeString(data.resolve("greeting"), "from-the-host");
        Result deploy = deploy("binder", data + ":/x", "cat /x/greeting > /x/copy.part && mv /x/copy.part /x/copy; sleep 3600");
        assertThat(deploy.exit()).as(deploy.out() + deploy.err()).isZero();
        // the copy appears by rename once whole: the shell's '>' creates the file before cat has written to it
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(data.resolve("copy")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(data.resolve("copy")).hasContent("from-the-host");
        assertThat(cli.run("rm", "-f", "binder").exit()).isZero();
        // removing the container let go of the bind, and left the host's files alone
        assertThat(data.resolve("greeting")).hasContent("from-the-host");
    }

    private static Result deploy(String service, String mount, String script)
            throws Exception
    {
        Path spec = scratch.resolve(service + ".yaml");
        Files.writeString(spec, """
                services:
                  %s:
                    image: %s
                    command: [sh, -c, '%s']
                    mounts: ['%s']
                """.formatted(service, IMAGE, script, mount));
        return cli.run("deploy", "--json", "-f", spec.toString());
    }
}
