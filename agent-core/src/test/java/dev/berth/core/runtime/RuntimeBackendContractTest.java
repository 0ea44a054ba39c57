package dev.berth.core.runtime;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.NotFound;
import dev.berth.core.spec.ServiceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The behaviour every {@link RuntimeBackend} owes the composite, in the manner of docker-java's transport TCK.
 * Each backend module extends this in a few lines, supplying the backend and an image whose root has a POSIX
 * shell, {@code sleep} and {@code echo} (or overriding the command methods).
 */
public abstract class RuntimeBackendContractTest
{
    private final List<String> created = new ArrayList<>();

    protected abstract RuntimeBackend backend();

    /** An image this backend can run, already pulled. */
    protected abstract PulledImage image();

    protected List<String> longRunning()
    {
        return List.of("sleep", "300");
    }

    protected List<String> exitWith(int code)
    {
        return List.of("sh", "-c", "exit " + code);
    }

    protected List<String> print(String text)
    {
        return List.of("echo", text);
    }

    protected Duration timeout()
    {
        return Duration.ofSeconds(30);
    }

    protected ServiceSpec spec(String name, List<String> args)
    {
        return ServiceSpec.of(name, image().reference(), args);
    }

    protected final ContainerStatus create(List<String> args)
    {
        String id = "contract-" + UUID.randomUUID().toString().substring(0, 8);
        created.add(id);
        return backend().create(new ContainerRequest(id, spec(id, args), image(), Map.of()));
    }

    @AfterEach
    void removeCreated()
    {
        for (String id : created) {
            try {
                backend().remove(id, true);
            }
            catch (AgentError ignored) {
                // already removed by the test, or never created
            }
        }
    }

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
        assumeTrue(backend().capabilities().logs(), "backend has no logs");
        String id = create(print("contract-hello")).id();
        backend().start(id);
        backend().wait(id, timeout());
        List<String> lines = new ArrayList<>();
        try (LogReader reader = backend().logs(id, LogOptions.ALL)) {
            reader.forEachRemaining(line -> lines.add(line.text()));
        }
        assertThat(lines).contains("contract-hello");
    }

    @Test
    void execRunsInRunningContainer()
    {
        assumeTrue(backend().capabilities().exec(), "backend has no exec");
        String id = create(longRunning()).id();
        backend().start(id);
        ExecResult result = backend().exec(id, new ExecRequest(List.of("sh", "-c", "echo exec-out; exit 4"), Map.of(), "", timeout()));
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.stdout()).contains("exec-out");
    }
}
