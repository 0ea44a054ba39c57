package dev.berth.youki;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.core.runtime.ExitStatus;
import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.LogReader;
import dev.berth.core.testing.Requirements;
import dev.berth.youki.testing.SurvivorMain;
import dev.berth.oci.testing.TestFlavor;
import dev.berth.youki.testing.YoukiHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A container outlives the agent JVM that started it: a separate JVM creates and starts it and is then killed with
 * SIGKILL; a new backend instance finds it still running and later collects its exit code from conmon's exit file.
 */
class AgentRestartTest
{
    @ParameterizedTest
    @EnumSource(value = TestFlavor.class, names = {"RUNC", "CRUN"})
    void containerSurvivesSigkillOfItsAgentAndExitCodeIsCollectedLater(TestFlavor flavor)
            throws Exception
    {
        Requirements.requireRoot();
        Requirements.requireExecutable(flavor == TestFlavor.CRUN ? "crun" : "runc");
        Requirements.requireExecutable("conmon");
        try (YoukiHarness harness = YoukiHarness.create(flavor)) {
            String id = "survivor-" + ProcessHandle.current().pid();
            Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
            Process agent = new ProcessBuilder(javaBinary.toString(), "-cp", System.getProperty("java.class.path"), SurvivorMain.class.getName(),
                    harness.stateDir().toString(), harness.root(), id, flavor.name())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String line;
            try (BufferedReader output = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))) {
                line = output.readLine();
            }
            assertThat(line).startsWith("started ");
            long containerPid = Long.parseLong(line.substring("started ".length()).trim());

            agent.destroyForcibly(); // SIGKILL on Linux
            assertThat(agent.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(agent.exitValue()).isEqualTo(137);

            try (YoukiHarness next = YoukiHarness.reopen(flavor, harness.stateDir(), harness.root())) {
                ContainerStatus status = next.backend().state(id);
                assertThat(status.state()).isEqualTo(ContainerState.RUNNING);
                assertThat(status.pid()).hasValue(containerPid);
                assertThat(ProcessHandle.of(containerPid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
                        .as("the container's parent is its conmon, not the dead agent")
                        .isNotEqualTo(java.util.Optional.of(agent.pid()));

                ExitStatus exit = next.backend().wait(id, Duration.ofSeconds(30));
                assertThat(exit.code()).isEqualTo(7);
                List<String> lines = new ArrayList<>();
                try (LogReader reader = next.backend().logs(id, LogOptions.ALL)) {
                    reader.forEachRemaining(logLine -> lines.add(logLine.text()));
                }
                assertThat(lines).containsExactly("survivor-up");
                assertThat(next.backend().list()).extracting(ContainerStatus::id).contains(id);
            }
        }
    }

}
