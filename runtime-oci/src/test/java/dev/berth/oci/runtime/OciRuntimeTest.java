package dev.berth.oci.runtime;

import static dev.berth.oci.testing.TestingCommandTransport.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.Internal;
import dev.berth.core.error.NotFound;
import dev.berth.core.error.StartFailed;
import dev.berth.core.error.Timeout;
import dev.berth.oci.process.Command;
import dev.berth.oci.testing.TestingCommandTransport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

class OciRuntimeTest
{
    private static final String LOG = "/state/c1/runtime.json";

    private final TestingCommandTransport transport = new TestingCommandTransport();
    private final OciRuntime runtime = new OciRuntime(transport,
            new OciRuntimeSettings("/usr/bin/youki", OciFlavor.YOUKI, "/run/youki", id -> LOG, Duration.ofSeconds(60), Duration.ofSeconds(5)));

    private static String logLine(String level, String message)
    {
        return "{\"level\":\"" + level + "\",\"msg\":\"" + message + "\",\"time\":\"" + Instant.now() + "\"}\n";
    }

    @Test
    void everyCallCarriesAbsoluteRootAndJsonLog()
    {
        runtime.start("c1");
        Command command = transport.commands().get(0);
        assertThat(command.argv()).containsExactly("/usr/bin/youki", "--root=/run/youki", "--log=" + LOG, "--log-format=json", "start", "c1");
        assertThat(command.timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void killAlwaysPassesTheSignalAsYoukiRequires()
    {
        assertThat(runtime.kill("c1", 15, false)).isTrue();
        assertThat(runtime.kill("c1", 9, true)).isTrue();
        assertThat(transport.commands().get(0).argv()).endsWith("kill", "c1", "15");
        assertThat(transport.commands().get(1).argv()).endsWith("kill", "--all", "c1", "9");
    }

    @Test
    void stateReadsOnlyTheFieldsYoukiPrints()
    {
        transport.answer(result(0, """
                {"ociVersion":"1.0.2","id":"c1","status":"running","pid":4242,"bundle":"/state/c1/bundle","annotations":{"a":"b"}}
                """, ""));
        assertThat(runtime.state("c1")).isEqualTo(new OciState("1.0.2", "c1", "running", 4242, "/state/c1/bundle", Map.of("a", "b")));
    }

    @Test
    void createFailureCarriesJsonLogMessageErrnoStderrAndExitStatus()
    {
        transport.answer(result(1, "", "create failed\n"))
                .answer(result(0, logLine("info", "starting") + logLine("error", "exec: \\\"/bin/nope\\\": stat /bin/nope: no such file or directory"), ""));
        assertThatThrownBy(() -> runtime.create("c1", "/state/c1/bundle", "/state/c1/pid", Optional.empty()))
                .isInstanceOfSatisfying(CreateFailed.class, error -> {
                    assertThat(error.reason())
                            .contains("exec: \"/bin/nope\": stat /bin/nope: no such file or directory")
                            .contains("runtime exit status 1")
                            .contains("errno 2")
                            .contains("stderr: create failed");
                    assertThat(error.errno()).hasValue(2);
                });
        assertThat(transport.commands().get(1).argv()).containsExactly("cat", LOG);
    }

    @Test
    void oldLogErrorsAreNotBlamedOnANewCall()
    {
        String old = "{\"level\":\"error\",\"msg\":\"an old failure\",\"time\":\"2020-01-01T00:00:00Z\"}\n";
        transport.answer(result(1, "", "boom")).answer(result(0, old, ""));
        assertThatThrownBy(() -> runtime.start("c1")).isInstanceOf(StartFailed.class).hasMessageContaining("boom").hasMessageNotContaining("old failure");
    }

    @Test
    void missingContainerIsNotFound()
    {
        transport.answerAlways(result(1, "", "container \"c9\" does not exist"));
        assertThatThrownBy(() -> runtime.state("c9")).isInstanceOf(NotFound.class).hasMessageContaining("c9");
        assertThatThrownBy(() -> runtime.start("c9")).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> runtime.delete("c9", true)).isInstanceOf(NotFound.class);
    }

    @Test
    void killOfAStoppedContainerReportsNotRunning()
    {
        transport.answer(result(1, "", "container not running")).answer(result(1, "", ""));
        assertThat(runtime.kill("c1", 15, false)).isFalse();
    }

    @Test
    void otherFailuresAreInternalWithEvidence()
    {
        transport.answerAlways(result(3, "", "permission denied"));
        assertThatThrownBy(() -> runtime.delete("c1", false)).isInstanceOfSatisfying(Internal.class, error -> {
            assertThat(error.getMessage()).contains("youki delete of 'c1'").contains("exit status 3").contains("permission denied");
            assertThat(error.errno()).hasValue(13);
        });
    }

    @Test
    void timeoutsPropagate()
    {
        transport.answer(command -> {
            throw new Timeout(command.timeout());
        });
        assertThatThrownBy(() -> runtime.start("c1")).isInstanceOf(Timeout.class);
    }

    @Test
    void listReadsTheRootDirectory()
    {
        transport.answer(result(0, "a\nb\n.hidden\n", ""));
        assertThat(runtime.list()).containsExactly("a", "b");
        transport.answer(result(2, "", "ls: cannot access '/run/youki': No such file or directory"));
        assertThat(runtime.list()).isEmpty();
    }

    @Test
    void listStatesIsOneListCallForEveryContainer()
    {
        // runc's shape; youki capitalises the status
        transport.answer(result(0, """
                [{"ociVersion":"1.0.2-dev","id":"a","pid":4242,"status":"running","bundle":"/b/a","created":"2026-11-22T05:00:00Z","owner":"root"},
                 {"id":"b","pid":0,"status":"Stopped","bundle":"/b/b"}]
                """, ""));
        assertThat(runtime.listStates()).containsExactly(
                new OciState("", "a", "running", 4242, "/b/a", Map.of()),
                new OciState("", "b", "stopped", 0, "/b/b", Map.of()));
        assertThat(transport.commands()).singleElement().extracting(Command::argv)
                .isEqualTo(List.of("/usr/bin/youki", "--root=/run/youki", "list", "--format", "json"));
        assertThat(transport.commands().get(0).timeout()).isEqualTo(Duration.ofSeconds(5));

        transport.answer(result(0, "null\n", ""));
        assertThat(runtime.listStates()).as("runc prints null for an empty root").isEmpty();
        transport.answer(result(0, "[\n\n]\n", ""));
        assertThat(runtime.listStates()).as("crun's empty list").isEmpty();
        transport.answer(result(1, "", "permission denied\n"));
        assertThatThrownBy(() -> runtime.listStates()).isInstanceOf(Internal.class).hasMessageContaining("permission denied");
        transport.answer(result(0, "{not json", ""));
        assertThatThrownBy(() -> runtime.listStates()).isInstanceOf(Internal.class).hasMessageContaining("{not json");
    }

    @Test
    void execPassesEnvUserAndCommand()
    {
        transport.answer(result(4, "out", "err"));
        assertThat(runtime.exec("c1", List.of("sh", "-c", "exit 4"), Map.of("A", "1"), "1000:1000", Duration.ofSeconds(3)).exitCode()).isEqualTo(4);
        assertThat(transport.commands().get(0).argv()).endsWith("exec", "--env", "A=1", "--user", "1000:1000", "c1", "sh", "-c", "exit 4");
        assertThat(transport.commands().get(0).timeout()).isEqualTo(Duration.ofSeconds(3));
    }
}
