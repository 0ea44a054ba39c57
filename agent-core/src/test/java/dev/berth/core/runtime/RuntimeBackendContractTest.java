package dev.berth.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.NotFound;
import dev.berth.core.error.Unsupported;
import dev.berth.core.error.WrongPlatform;
import dev.berth.core.spec.OsFamily;
import dev.berth.core.spec.PlatformSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The behaviour every {@link RuntimeBackend} owes the composite, in the manner of docker-java's transport TCK.
 * Each backend module extends this in a few lines, supplying the backend and an image whose root has a POSIX
 * shell, {@code sleep} and {@code echo} (or overriding the command methods), and the fixtures of
 * {@link RuntimeBackendContractFixture} it can. Where a backend lacks a capability, the contract checks that it
 * answers {@link Unsupported}.
 */
public abstract class RuntimeBackendContractTest
        extends RuntimeBackendContractFixture
{
    @Test
    void createLeavesContainerCreated()
    {
        ContainerStatus status = create(longRunning());
        assertThat(status.state()).isEqualTo(ContainerState.CREATED);
        assertThat(status.backend()).isEqualTo(backend().name());
        assertThat(backend().state(status.id()).state()).isEqualTo(ContainerState.CREATED);
    }

    @Test
    void startMakesItRunningWithPid()
    {
        String id = create(longRunning()).id();
        backend().start(id);
        ContainerStatus status = backend().state(id);
        assertThat(status.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(status.pid()).isPresent();
    }

    @Test
    void waitReturnsExitCode()
    {
        String id = create(exitWith(3)).id();
        backend().start(id);
        assertThat(backend().wait(id, timeout()).code()).isEqualTo(3);
        assertThat(backend().state(id).state()).isEqualTo(ContainerState.EXITED);
        assertThat(backend().state(id).exit()).map(ExitStatus::code).contains(3);
    }

    @Test
    void stopEndsRunningContainer()
    {
        String id = create(longRunning()).id();
        backend().start(id);
        backend().stop(id, Duration.ofSeconds(2));
        assertThat(backend().state(id).state()).isEqualTo(ContainerState.EXITED);
    }

    @Test
    void killWithSigkillExitsWith137()
    {
        String id = create(longRunning()).id();
        backend().start(id);
        backend().kill(id, 9);
        assertThat(backend().wait(id, timeout()).code()).isEqualTo(137);
    }

    @Test
    void removeRefusesRunningContainerUnlessForced()
    {
        String id = create(longRunning()).id();
        backend().start(id);
        assertThatThrownBy(() -> backend().remove(id, false)).isInstanceOf(AgentError.class);
        assertThat(backend().state(id).state()).isEqualTo(ContainerState.RUNNING);
        backend().remove(id, true);
        assertThatThrownBy(() -> backend().state(id)).isInstanceOf(NotFound.class);
    }

    @Test
    void listIncludesCreatedContainers()
    {
        String id = create(longRunning()).id();
        assertThat(backend().list()).extracting(ContainerStatus::id).contains(id);
    }

    @Test
    void unknownIdIsNotFound()
    {
        String id = "contract-missing-" + UUID.randomUUID().toString().substring(0, 8);
        assertThatThrownBy(() -> backend().state(id)).isInstanceOf(NotFound.class).hasMessageContaining(id);
        assertThatThrownBy(() -> backend().start(id)).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> backend().remove(id, true)).isInstanceOf(NotFound.class);
    }

    @Test
    void logsCaptureOutput()
    {
        String id = create(print("contract-hello")).id();
        backend().start(id);
        backend().wait(id, timeout());
        if (!backend().capabilities().logs()) {
            assertThatThrownBy(() -> backend().logs(id, LogOptions.ALL)).isInstanceOf(Unsupported.class);
            return;
        }
        List<String> lines = new ArrayList<>();
        try (LogReader reader = backend().logs(id, LogOptions.ALL)) {
            reader.forEachRemaining(line -> lines.add(line.text()));
        }
        assertThat(lines).contains("contract-hello");
    }

    @Test
    void execRunsInRunningContainer()
    {
        String id = create(longRunning()).id();
        backend().start(id);
        if (!backend().capabilities().exec()) {
            assertThatThrownBy(() -> backend().exec(id, new ExecRequest(List.of("true"), Map.of(), "", timeout()))).isInstanceOf(Unsupported.class);
            return;
        }
        ExecResult result = backend().exec(id, new ExecRequest(List.of("sh", "-c", "echo exec-out; exit 4"), Map.of(), "", timeout()));
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.stdout()).contains("exec-out");
    }

    @Test
    void statsAreReadOrUnsupported()
    {
        String id = create(longRunning()).id();
        backend().start(id);
        if (backend().capabilities().stats()) {
            assertThat(backend().stats(id)).isNotNull();
        }
        else {
            assertThatThrownBy(() -> backend().stats(id)).isInstanceOf(Unsupported.class);
        }
    }

    @Test
    void removingAnExitedContainerNeedsNoForce()
    {
        String id = create(exitWith(0)).id();
        backend().start(id);
        backend().wait(id, timeout());
        backend().remove(id, false);
        assertThatThrownBy(() -> backend().state(id)).isInstanceOf(NotFound.class);
    }

    @Test
    void pullGivesTheImageBack()
    {
        PulledImage pulled = backend().pull(image().reference(), PlatformSpec.ANY);
        assertThat(pulled.reference()).isEqualTo(image().reference());
        assertThat(pulled.digest()).isEqualTo(image().digest());
        assertThat(backend().servedOs()).contains(pulled.platform().osFamily().orElseThrow());
    }

    @Test
    void anImageForAnotherOsIsWrongPlatformAndNothingIsCreated()
    {
        OsFamily other = Arrays.stream(OsFamily.values()).filter(os -> !backend().servedOs().contains(os)).findFirst().orElseThrow();
        PulledImage foreign = new PulledImage("contract/other-os:1", "sha256:" + "1".repeat(64), ImagePlatform.of(other.ociName(), "amd64"),
                ImageConfig.EMPTY);
        String id = newId();
        assertThatThrownBy(() -> backend().create(new ContainerRequest(id, spec(id, longRunning()), foreign, Map.of())))
                .isInstanceOfSatisfying(WrongPlatform.class, error -> assertThat(error.actual()).isEqualTo(other.ociName()));
        assertThatThrownBy(() -> backend().state(id)).isInstanceOf(NotFound.class);
    }

    @Test
    void pullingAnImageForAnotherOsIsWrongPlatform()
    {
        Optional<String> foreign = otherOsImage();
        assumeTrue(foreign.isPresent(), "no image for another OS in this backend's image source");
        assertThatThrownBy(() -> backend().pull(foreign.get(), PlatformSpec.ANY))
                .isInstanceOfSatisfying(WrongPlatform.class, error -> assertThat(error.image()).isEqualTo(foreign.get()));
    }

    @Test
    void aNewBackendInstanceSeesTheContainersAnEarlierOneMade()
    {
        String running = create(longRunning()).id();
        backend().start(running);
        String exited = create(exitWith(5)).id();
        backend().start(exited);
        backend().wait(exited, timeout());
        Optional<RuntimeBackend> reopened = reopen();
        assumeTrue(reopened.isPresent(), "the backend keeps no state a new instance could read");
        RuntimeBackend next = reopened.get();
        assertThat(next.list()).extracting(ContainerStatus::id).contains(running, exited);
        assertThat(next.state(running).state()).isEqualTo(ContainerState.RUNNING);
        assertThat(next.state(exited).exit()).map(ExitStatus::code).contains(5);
        next.stop(running, Duration.ofSeconds(2));
        assertThat(backend().state(running).state()).isEqualTo(ContainerState.EXITED);
    }

    @Test
    void aFailedCreateKeepsItsRecordAndSaysWhy()
    {
        Optional<List<String>> missing = missingExecutable();
        assumeTrue(missing.isPresent(), "no command this backend fails to create or start");
        String executable = missing.get().get(0);
        String id = newId();
        AgentError failure = null;
        try {
            backend().create(new ContainerRequest(id, spec(id, missing.get()), image(), Map.of()));
            backend().start(id);
        }
        catch (AgentError e) {
            failure = e;
        }
        assertThat(failure).as("creating or starting %s fails", executable).isNotNull();
        assertThat(failure.getMessage()).contains(executable.substring(executable.lastIndexOf('/') + 1));
        assertThat(backend().state(id).state()).isEqualTo(ContainerState.FAILED);
        assertThat(backend().list()).extracting(ContainerStatus::id).contains(id);
        backend().remove(id, false);
        assertThatThrownBy(() -> backend().state(id)).isInstanceOf(NotFound.class);
    }

    @Test
    void stopSendsTheImagesStopSignalThenKillsAfterTheGrace()
    {
        Optional<PulledImage> usr1 = usr1StopSignalImage();
        assumeTrue(usr1.isPresent() && backend().capabilities().logs(), "no image with StopSignal SIGUSR1, or no logs to see it arrive");
        String marker = "contract-usr1-" + UUID.randomUUID().toString().substring(0, 4);
        String id = create(usr1.get(), reportUsr1AndCarryOn(marker), UnaryOperator.identity()).id();
        backend().start(id);
        awaitLogLine(id, "ready");
        backend().stop(id, Duration.ofSeconds(1));
        assertThat(backend().wait(id, timeout()).code()).as("killed once the grace ran out").isEqualTo(137);
        assertThat(logLines(id)).as("the image's stop signal arrived first").contains(marker);
    }

    @Test
    void execGetsTheContainersEnvironmentAndUser()
    {
        Optional<List<String>> print = printEnvironmentAndUser("CONTRACT_ENV");
        assumeTrue(print.isPresent() && backend().capabilities().exec(), "no command printing the environment and user");
        String id = create(image(), longRunning(), spec -> withEnvironmentAndUser(spec, Map.of("CONTRACT_ENV", "from-the-spec"), otherUser())).id();
        backend().start(id);
        ExecResult result = backend().exec(id, new ExecRequest(print.get(), Map.of(), "", timeout()));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout().lines().toList()).containsExactly("from-the-spec", otherUser());
    }

    @Test
    void logsFollowUntilTheContainerExits()
    {
        Optional<List<String>> printing = printWithPause("contract-first", "contract-second");
        assumeTrue(printing.isPresent() && backend().capabilities().logs(), "no command printing twice with a pause");
        String id = create(printing.get()).id();
        backend().start(id);
        List<String> lines = new ArrayList<>();
        assertTimeoutPreemptively(timeout(), () -> {
            try (LogReader reader = backend().logs(id, new LogOptions(true, -1))) {
                reader.forEachRemaining(line -> lines.add(line.text()));
            }
        }, "following ends when the container exits");
        assertThat(lines).containsExactly("contract-first", "contract-second");
    }

    private List<String> logLines(String id)
    {
        List<String> lines = new ArrayList<>();
        try (LogReader reader = backend().logs(id, LogOptions.ALL)) {
            reader.forEachRemaining(line -> lines.add(line.text()));
        }
        return lines;
    }

    /** Follows the log until {@code text} is a line of it, within {@link #timeout()}. */
    private void awaitLogLine(String id, String text)
    {
        assertTimeoutPreemptively(timeout(), () -> {
            try (LogReader reader = backend().logs(id, new LogOptions(true, -1))) {
                while (reader.hasNext()) {
                    if (reader.next().text().equals(text)) {
                        return;
                    }
                }
            }
            throw new AssertionError("the log of " + id + " ended without '" + text + "'");
        }, "'" + text + "' in the log of " + id);
    }
}
