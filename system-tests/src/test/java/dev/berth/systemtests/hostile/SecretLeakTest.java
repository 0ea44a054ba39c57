package dev.berth.systemtests.hostile;

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

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A secret never comes back in an error (issue 20 #8). The agent runs on a runtime that fails create quoting the
 * process's environment from config.json, as runc does for an environment it cannot set: the secret value must appear
 * in neither the deploy answer, {@code ps --json}, {@code inspect --json}, the agent's log nor boot-error.json. A NUL in
 * an env value, which made runc fail that way, is refused before anything is created, naming the variable only.
 */
class SecretLeakTest
{
    static final String IMAGE = AgentFixture.IMAGE;
    static final String SECRET = "s3cr3t-Zq7vX9";

    static Path scratch;
    static AgentProcess agent;
    static Cli cli;

    @BeforeAll
    static void startAgent()
            throws Exception
    {
        AgentFixture.requireHost();
        scratch = Scratch.create("bst-secret-");
        Path runtime = scratch.resolve("runc-quoting");
        // fails the create of a container whose environment holds QUOTE_ME, quoting that environment as runc would
        Files.writeString(runtime, """
                #!/bin/sh
                sub=''; bundle=''; log=''; prev=''
                for a in "$@"; do
                  case "$prev" in --bundle|-b) bundle="$a";; --log) log="$a";; esac
                  case "$a" in --bundle=*) bundle="${a#--bundle=}";; --log=*) log="${a#--log=}";; create) [ -z "$sub" ] && sub=create;; esac
                  prev="$a"
                done
                if [ "$sub" = create ] && [ -n "$bundle" ] && grep -q QUOTE_ME "$bundle/config.json"; then
                  env=$(tr ',' '\\n' < "$bundle/config.json" | grep -o '"[A-Z_]*=[^"]*"' | tr -d '"' | tr '\\n' ' ')
                  msg="unable to start container process: invalid environment: [$env]"
                  echo "{\\"level\\":\\"error\\",\\"msg\\":\\"$msg\\",\\"time\\":\\"$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)\\"}" >> "${log:-/dev/stderr}"
                  echo "$msg" >&2
                  exit 1
                fi
                exec /usr/sbin/runc "$@"
                """);
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwxr-xr-x"));
        agent = AgentFixture.startAgent(scratch.resolve("data"), scratch.resolve("a.sock"), "--set", "runtime.youki.binary=" + runtime);
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
    void aRuntimeErrorQuotingTheEnvironmentIsRedactedEverywhere()
            throws Exception
    {
        Path spec = scratch.resolve("leak.yaml");
        Files.writeString(spec, """
                name: leak
                image: %s
                args: [sleep, "3600"]
                env: {QUOTE_ME: "1", MODE: visible-value, TOKEN: {value: "%s", secret: true}}
                """.formatted(IMAGE, SECRET));
        Result deploy = cli.run("deploy", "--json", "-f", spec.toString());
        Result deployText = cli.run("deploy", "-f", spec.toString());
        Result ps = cli.run("ps", "--json");
        Result inspect = cli.run("inspect", "--json", "leak.1");
        Path bootError = agent.dataDir().resolve("lifecycle").resolve("leak.1").resolve("boot-error.json");

        JsonNode record = Containers.find(cli, "leak.1").orElseThrow();
        assertThat(record.path("state").asText()).isEqualTo("failed");
        assertThat(record.toString()).as("the runtime's message is kept, redacted").contains("invalid environment")
                .contains("TOKEN=<secret TOKEN>").contains("MODE=visible-value");
        assertThat(bootError).exists();
        for (String text : new String[] {deploy.out() + deploy.err(), deployText.out() + deployText.err(), ps.out(), inspect.out(),
                agent.log(), Files.readString(bootError)}) {
            assertThat(text).doesNotContain(SECRET);
        }
    }

    @Test
    void aNulInAnEnvValueIsRefusedNamingTheVariableNotItsValue()
            throws Exception
    {
        Path spec = scratch.resolve("nul.json");
        Files.writeString(spec, "{\"name\": \"nul\", \"image\": \"" + IMAGE + "\", \"env\": {\"TOKEN\": {\"value\": \"" + SECRET
                + "\\u0000\", \"secret\": true}}}");
        Result deploy = cli.run("deploy", "--json", "-f", spec.toString());

        assertThat(deploy.exit()).isEqualTo(2);
        assertThat(deploy.json().path("code").asText()).isEqualTo("INVALID_SPEC");
        assertThat(deploy.json().path("message").asText()).contains("env.TOKEN: the value contains a NUL character");
        assertThat(deploy.out() + deploy.err()).doesNotContain(SECRET);
        assertThat(Containers.find(cli, "nul.1")).as("nothing was created").isEmpty();
        assertThat(agent.log()).doesNotContain(SECRET);
    }
}
