package dev.berth.lifecycle.replica;

import static dev.berth.lifecycle.testing.LifecycleHarness.document;
import static dev.berth.lifecycle.testing.LifecycleHarness.documents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.InitActionFailed;
import dev.berth.core.error.NotFound;
import dev.berth.core.error.StartFailed;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ExecResult;
import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.LogReader;
import dev.berth.core.runtime.LogStream;
import dev.berth.lifecycle.ContainerView;
import dev.berth.lifecycle.DeployResult;
import dev.berth.lifecycle.testing.LifecycleHarness;
import dev.berth.lifecycle.testing.TestingLifecycleBackend;
import dev.berth.state.boot.BootErrorFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A replica that fails to create, start or init stays on record as FAILED, with its reason, until removed. */
class FailureKeptTest
{
    @TempDir
    Path dataDir;

    private TestingLifecycleBackend backend;
    private LifecycleHarness harness;

    @BeforeEach
    void setUp()
    {
        backend = new TestingLifecycleBackend();
        harness = new LifecycleHarness(dataDir, backend, LifecycleHarness.FAST);
    }

    @AfterEach
    void tearDown()
    {
        harness.close();
    }

    @Test
    void replicaIsKeptFailedWithItsReasonAfterAnInitFailure()
    {
        backend.execAnswer("web.2", new ExecResult(1, "", "migration failed"));
        DeployResult result = harness.manager().deploy(documents("""
                - name: web
                  image: busybox:test
                  args: [sleep]
                  replicas: 2
                  init: [{type: exec, command: [migrate], retries: 1, timeout: 100ms}]
                """));

        assertThat(result.outcomes().get(0).containers()).containsExactly("web.1", "web.2");
        ContainerView failed = harness.manager().inspect("web.2");
        assertThat(failed.state()).isEqualTo(ContainerState.FAILED);
        assertThat(failed.failure()).get().isInstanceOfSatisfying(InitActionFailed.class, error -> assertThat(error.reason())
                .contains("init[0] exec").contains("migration failed"));
        assertThat(failed.bootError()).get().satisfies(bootError -> {
            assertThat(bootError.stage()).isEqualTo("other");
            assertThat(bootError.message()).contains("migration failed");
        });
        assertThat(Files.exists(BootErrorFile.in(dataDir.resolve("lifecycle").resolve("web.2")))).isTrue();
        // the runtime's container (its log and bundle) is stopped, not removed
        assertThat(backend.count("remove", "web.2")).isZero();
        assertThat(backend.list()).anySatisfy(status -> assertThat(status.id()).isEqualTo("web.2"));
        assertThat(harness.manager().inspect("web.1").state()).isEqualTo(ContainerState.RUNNING);

        // it stays across an agent restart, and only remove deletes it
        harness.restartAgent();
        assertThat(harness.manager().inspect("web.2").state()).isEqualTo(ContainerState.FAILED);
        harness.manager().remove("web.2", false);
        assertThatThrownBy(() -> harness.manager().inspect("web.2")).isInstanceOf(NotFound.class);
        assertThat(backend.count("remove", "web.2")).isEqualTo(1);
        assertThat(Files.exists(dataDir.resolve("lifecycle").resolve("web.2"))).isFalse();
    }

    @Test
    void bootErrorIsRemovedByTheNextSuccessfulBoot()
    {
        backend.execAnswer("web.", new ExecResult(1, "", "not yet"));
        harness.manager().deploy(documents("""
                - name: web
                  image: busybox:test
                  args: [sleep]
                  initPolicy: backoff
                  init: [{type: exec, command: [ready], retries: 0, timeout: 50ms}]
                  restart: {policy: "no", backoff: {initial: 300ms, max: 300ms}}
                """));
        Path bootError = BootErrorFile.in(dataDir.resolve("lifecycle").resolve("web.1"));
        assertThat(Files.exists(bootError)).isTrue();
        assertThat(harness.manager().inspect("web").state()).isEqualTo(ContainerState.RESTARTING);

        backend.execAnswer("web.", new ExecResult(0, "", ""));
        LifecycleHarness.eventually(java.time.Duration.ofSeconds(10), () -> harness.manager().inspect("web").state() == ContainerState.RUNNING,
                "web running after its init passed");
        assertThat(Files.exists(bootError)).isFalse();
        assertThat(harness.manager().inspect("web").bootError()).isEmpty();
        assertThat(harness.manager().inspect("web").restarts()).isEqualTo(1);
    }

    @Test
    void createFailureIsThrownByRunAndKeptOnRecord()
    {
        backend.failNext("create", new CreateFailed("job.1", "rootfs: no such file or directory"));
        assertThatThrownBy(() -> harness.manager().run(document("{name: job, image: busybox:test, args: [sleep]}")))
                .isInstanceOf(CreateFailed.class);

        ContainerView view = harness.manager().inspect("job");
        assertThat(view.state()).isEqualTo(ContainerState.FAILED);
        assertThat(view.backend()).isEqualTo(TestingLifecycleBackend.NAME);
        assertThat(view.failure()).get().isInstanceOfSatisfying(CreateFailed.class,
                error -> assertThat(error.reason()).isEqualTo("rootfs: no such file or directory"));
        assertThat(view.bootError()).get().satisfies(bootError -> assertThat(bootError.stage()).isEqualTo("create"));
        assertThat(harness.manager().services()).singleElement().satisfies(service -> assertThat(service.status()).contains("1 failed"));

        // the runtime forgot the container with its create, but logs shows what the agent kept, not "not found"
        try (LogReader log = harness.manager().logs("job", LogOptions.ALL)) {
            List<String> lines = new ArrayList<>();
            log.forEachRemaining(line -> {
                assertThat(line.stream()).isEqualTo(LogStream.STDERR);
                lines.add(line.text());
            });
            assertThat(lines).first().asString().startsWith("[berth] container 'job.1' failed before its runtime kept a log (CREATE_FAILED)");
            assertThat(String.join("\n", lines)).contains("rootfs: no such file or directory");
        }
    }

    @Test
    void startFailureIsKeptOnRecordWithTheRuntimeContainer()
    {
        backend.failNext("start", new StartFailed("job.1", "exec: \"nope\": executable file not found"));
        assertThatThrownBy(() -> harness.manager().run(document("{name: job, image: busybox:test, args: [sleep]}")))
                .isInstanceOf(StartFailed.class);

        assertThat(harness.manager().inspect("job").state()).isEqualTo(ContainerState.FAILED);
        assertThat(backend.list()).singleElement().satisfies(status -> assertThat(status.id()).isEqualTo("job.1"));
        assertThat(backend.count("remove", "job.1")).isZero();
    }

    @Test
    void runningContainerIsRemovedOnlyWithForce()
    {
        harness.manager().run(document("{name: job, image: busybox:test, args: [sleep]}"));
        assertThatThrownBy(() -> harness.manager().remove("job", false)).hasMessageContaining("is running");
        harness.manager().remove("job", true);
        assertThat(harness.manager().containers()).isEmpty();
        assertThat(harness.manager().services()).isEmpty();
    }
}
