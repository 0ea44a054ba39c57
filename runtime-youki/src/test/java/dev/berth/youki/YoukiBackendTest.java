package dev.berth.youki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.error.NotFound;
import dev.berth.core.error.Unsupported;
import dev.berth.core.error.WrongPlatform;
import dev.berth.core.runtime.ContainerRequest;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ContainerStats;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.core.runtime.ExecRequest;
import dev.berth.core.runtime.ExecResult;
import dev.berth.core.runtime.ExitStatus;
import dev.berth.core.runtime.LogLine;
import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.LogReader;
import dev.berth.core.runtime.LogStream;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.spec.GpuRequest;
import dev.berth.core.spec.GpuSharing;
import dev.berth.core.spec.MountSpec;
import dev.berth.core.spec.MpsSettings;
import dev.berth.core.spec.PlatformSpec;
import dev.berth.core.spec.Resources;
import dev.berth.core.spec.SecuritySpec;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.core.testing.Requirements;
import dev.berth.oci.testing.Specs;
import dev.berth.oci.testing.TestFlavor;
import dev.berth.youki.testing.YoukiHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The youki backend's own behaviour against a real OCI runtime under conmon; one subclass per runtime.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class YoukiBackendTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final String ALLOWED_ROOT = "/tmp/berth-youki-test/binds";
    /** Small enough that a real fork loop reaches it quickly, large enough for the runtime's exec to join (its threads count). */
    private static final int HARNESS_PIDS_LIMIT = 60;
    private YoukiHarness harness;
    private RuntimeBackend backend;

    protected abstract TestFlavor flavor();

    @BeforeAll
    void start()
            throws java.io.IOException
    {
        Requirements.requireRoot();
        Requirements.requireExecutable(flavor() == TestFlavor.CRUN ? "crun" : "runc");
        Requirements.requireExecutable("conmon");
        java.nio.file.Files.createDirectories(java.nio.file.Path.of(ALLOWED_ROOT));
        harness = YoukiHarness.create(flavor(), Map.of(dev.berth.youki.config.YoukiConfig.ALLOWED_BIND_ROOTS.name(), ALLOWED_ROOT,
                dev.berth.youki.config.YoukiConfig.LOG_MAX_SIZE.name(), "64Ki",
                dev.berth.youki.config.YoukiConfig.DEFAULT_PIDS_LIMIT.name(), Integer.toString(HARNESS_PIDS_LIMIT)), new GpuStubModule());
        backend = harness.backend();
    }

    @AfterAll
    void stop()
    {
        if (harness != null) {
            harness.close();
        }
    }

    private String id()
    {
        return "yk-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String run(ServiceSpec spec)
    {
        String id = id();
        backend.create(new ContainerRequest(id, spec, harness.busybox(), Map.of("test", "youki")));
        backend.start(id);
        return id;
    }

    private List<LogLine> logs(String id, LogOptions options)
    {
        List<LogLine> lines = new ArrayList<>();
        try (LogReader reader = backend.logs(id, options)) {
            reader.forEachRemaining(lines::add);
        }
        return lines;
    }

    @Test
    void helloWritesStdoutAndStderrToTheLog()
    {
        String id = run(Specs.of("hello", "sh", "-c", "echo hello-out; echo hello-err >&2"));
        assertThat(backend.wait(id, TIMEOUT).code()).isZero();
        List<LogLine> lines = logs(id, LogOptions.ALL);
        assertThat(lines).extracting(LogLine::text).containsExactlyInAnyOrder("hello-out", "hello-err");
        assertThat(lines).filteredOn(line -> line.text().equals("hello-err")).extracting(LogLine::stream).containsExactly(LogStream.STDERR);
        assertThat(logs(id, new LogOptions(false, 1))).hasSize(1);
    }

    @Test
    void exitCodesAndSignalDeathsAreReported()
    {
        String zero = run(Specs.of("exit0", "true"));
        String code = run(Specs.of("exit42", "sh", "-c", "exit 42"));
        String killed = run(Specs.of("killed", "sleep", "300"));
        backend.kill(killed, 9);
        assertThat(backend.wait(zero, TIMEOUT).code()).isZero();
        assertThat(backend.wait(code, TIMEOUT)).extracting(ExitStatus::code, ExitStatus::oomKilled).containsExactly(42, false);
        assertThat(backend.wait(killed, TIMEOUT).code()).isEqualTo(137);
        ContainerStatus status = backend.state(code);
        assertThat(status.state()).isEqualTo(ContainerState.EXITED);
        assertThat(status.exit().flatMap(ExitStatus::finishedAt)).isPresent();
        assertThat(status.startedAt()).isPresent();
    }

    @Test
    void memoryLimitIsEnforcedAndOomKillReported()
    {
        ServiceSpec spec = Specs.withResources(Specs.of("hog", "sh", "-c", "x=aaaaaaaaaaaaaaaa; while true; do x=$x$x; done"),
                new Resources(0, 0, 32L * 1024 * 1024, 0, Optional.empty()));
        String id = run(spec);
        ExitStatus exit = backend.wait(id, TIMEOUT);
        assertThat(exit.code()).isEqualTo(137);
        assertThat(exit.oomKilled()).isTrue();
        assertThat(backend.state(id).exit()).map(ExitStatus::oomKilled).contains(true);
    }

    @Test
    void pidsLimitStopsForks()
    {
        // the limit counts threads, and the runtime's exec joins the cgroup as a Go program with several: with a limit of
        // 5 the exec itself could die in pthread_create (seen under load), so leave it room and fork past it instead
        String id = run(Specs.withResources(Specs.of("forker", "sleep", "300"), new Resources(0, 0, 0, 20, Optional.empty())));
        ExecResult forks = backend.exec(id, new ExecRequest(List.of("sh", "-c",
                "i=0; while [ $i -lt 40 ]; do sleep 20 >/dev/null 2>&1 & i=$((i+1)); done; echo spawned"), Map.of(), "", TIMEOUT));
        assertThat(forks.stderr()).contains("can't fork");
        assertThat(backend.stats(id).pids()).isBetween(2L, 20L);
        backend.remove(id, true);
    }

    @Test
    void forkBombWithoutPidsLimitStopsAtTheNodeDefault()
    {
        // no pids limit in the spec: the harness's node default (runtime.youki.default-pids-limit) bounds the forks
        String id = run(Specs.of("bomb", "sleep", "300"));
        ExecResult forks = backend.exec(id, new ExecRequest(List.of("sh", "-c",
                "i=0; while [ $i -lt 120 ]; do sleep 20 >/dev/null 2>&1 & i=$((i+1)); done; echo spawned"), Map.of(), "", TIMEOUT));
        assertThat(forks.stderr()).contains("can't fork");
        assertThat(backend.stats(id).pids()).isBetween(2L, (long) HARNESS_PIDS_LIMIT);
        backend.remove(id, true);
    }

    @Test
    void statsReportCpuMemoryAndLimit()
    {
        String id = run(Specs.withResources(Specs.of("busy", "sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; sleep 30"),
                new Resources(500, 512, 64L * 1024 * 1024, 0, Optional.empty())));
        sleep(700);
        ContainerStats stats = backend.stats(id);
        assertThat(stats.cpuNanos()).isPositive();
        assertThat(stats.memoryBytes()).isPositive();
        assertThat(stats.memoryLimitBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(stats.pids()).isBetween(1L, 3L);
        backend.remove(id, true);
    }

    @Test
    void stopSendsSigtermThenSigkillAfterGrace()
    {
        String polite = run(Specs.of("polite", "sh", "-c", "trap 'exit 0' TERM; echo ready; while true; do sleep 0.1; done"));
        String stubborn = run(Specs.of("stubborn", "sh", "-c", "trap '' TERM; echo ready; while true; do sleep 0.1; done"));
        awaitLog(polite, "ready");
        awaitLog(stubborn, "ready");
        backend.stop(polite, Duration.ofSeconds(10));
        assertThat(backend.state(polite).exit()).map(ExitStatus::code).contains(0);
        long started = System.nanoTime();
        backend.stop(stubborn, Duration.ofSeconds(1));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(backend.state(stubborn).exit()).map(ExitStatus::code).contains(137);
    }

    @Test
    void stopSendsTheImagesStopSignal()
    {
        String id = id();
        backend.create(new ContainerRequest(id, Specs.of("usr1", "sh", "-c", "trap 'exit 0' USR1; echo ready; while true; do sleep 0.1; done"),
                backend.pull(YoukiHarness.BUSYBOX_USR1, PlatformSpec.ANY), Map.of()));
        backend.start(id);
        awaitLog(id, "ready");
        backend.stop(id, Duration.ofSeconds(20));
        assertThat(backend.state(id).exit()).map(ExitStatus::code).as("SIGUSR1, not SIGTERM then SIGKILL").contains(0);
    }

    @Test
    void removeRefusesRunningThenForceRemovesEverything()
    {
        String id = run(Specs.of("sleeper", "sleep", "300"));
        assertThatThrownBy(() -> backend.remove(id, false)).isInstanceOf(InvalidSpec.class).hasMessageContaining("running");
        backend.remove(id, true);
        assertThatThrownBy(() -> backend.state(id)).isInstanceOf(NotFound.class);
        assertThat(harness.stateDir().resolve("containers").resolve(id)).doesNotExist();
        assertThat(backend.list()).extracting(ContainerStatus::id).doesNotContain(id);
    }

    @Test
    void removeOfExitedContainerNeedsNoForce()
    {
        String id = run(Specs.of("done", "true"));
        backend.wait(id, TIMEOUT);
        backend.remove(id, false);
        assertThatThrownBy(() -> backend.state(id)).isInstanceOf(NotFound.class);
    }

    @Test
    void execReturnsExitCodeAndOutput()
    {
        String id = run(Specs.of("host", "sleep", "300"));
        ExecResult result = backend.exec(id, new ExecRequest(List.of("sh", "-c", "echo out-$GREETING; echo err >&2; exit 5"),
                Map.of("GREETING", "hi"), "", TIMEOUT));
        assertThat(result).isEqualTo(new ExecResult(5, "out-hi\n", "err\n"));
        backend.kill(id, 9);
        backend.wait(id, TIMEOUT);
        assertThatThrownBy(() -> backend.exec(id, ExecRequest.of(TIMEOUT, "true"))).isInstanceOf(Unsupported.class);
    }

    @Test
    void execOutputKeepsItsTailAndCountsWhatWasDropped()
    {
        // 50 MB would once be buffered whole in the agent's heap; now each stream keeps its last MiB
        String id = run(Specs.of("loud", "sleep", "300"));
        ExecResult result = backend.exec(id, new ExecRequest(List.of("sh", "-c",
                "head -c 50000000 /dev/zero | tr '\\0' a; printf END; head -c 3000000 /dev/zero | tr '\\0' e >&2"), Map.of(), "", TIMEOUT));
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).hasSize(dev.berth.core.runtime.OutputTail.EXEC_LIMIT).endsWith("aaaEND");
        assertThat(result.stdoutDropped()).isEqualTo(50_000_003L - dev.berth.core.runtime.OutputTail.EXEC_LIMIT);
        assertThat(result.stderr()).hasSize(dev.berth.core.runtime.OutputTail.EXEC_LIMIT).matches("e+");
        assertThat(result.stderrDropped()).isEqualTo(3_000_000L - dev.berth.core.runtime.OutputTail.EXEC_LIMIT);
        backend.kill(id, 9);
        backend.wait(id, TIMEOUT);
    }

    @Test
    void followStreamsLinesUntilTheContainerExits()
            throws Exception
    {
        String id = run(Specs.of("ticker", "sh", "-c", "for i in 1 2 3; do echo tick$i; sleep 0.3; done"));
        CompletableFuture<List<String>> followed = CompletableFuture.supplyAsync(() -> logs(id, new LogOptions(true, -1)).stream().map(LogLine::text).toList());
        assertThat(followed.get(20, TimeUnit.SECONDS)).containsExactly("tick1", "tick2", "tick3");
    }

    @Test
    void failedCreateKeepsEvidenceAndRecord()
    {
        String id = id();
        assertThatThrownBy(() -> backend.create(new ContainerRequest(id, Specs.of("broken", "/no/such/program"), harness.busybox(), Map.of())))
                .isInstanceOfSatisfying(CreateFailed.class, error -> {
                    assertThat(error.reason()).contains("/no/such/program").containsIgnoringCase("no such file or directory");
                    assertThat(error.errno()).hasValue(2);
                });
        assertThat(backend.state(id).state()).isEqualTo(ContainerState.FAILED);
        assertThat(harness.stateDir().resolve("containers").resolve(id).resolve("bundle/config.json")).exists();
        assertThat(harness.stateDir().resolve("containers").resolve(id).resolve("runtime.json")).isNotEmptyFile();
        backend.remove(id, true);
    }

    @Test
    void defaultHardeningIsApplied()
    {
        String id = run(Specs.of("hardened", "sh", "-c", "grep -E '^(CapEff|NoNewPrivs|Seccomp):' /proc/self/status; cat /proc/kcore | head -c 1; echo kcore=$?"));
        backend.wait(id, TIMEOUT);
        List<String> lines = logs(id, LogOptions.ALL).stream().map(LogLine::text).map(text -> text.replaceAll("\\s+", " ")).toList();
        // CAP_KILL (5), CAP_NET_BIND_SERVICE (10), CAP_AUDIT_WRITE (29): runc's defaults
        assertThat(lines).contains("CapEff: 0000000020000420", "NoNewPrivs: 1", "Seccomp: 2");
    }

    @Test
    void readOnlyRootRefusesWrites()
    {
        SecuritySpec readOnly = new SecuritySpec(false, List.of(), List.of(), true, SecuritySpec.SECCOMP_DEFAULT, true, List.of());
        String id = run(Specs.withSecurity(Specs.of("ro", "sh", "-c", "touch /written"), readOnly));
        assertThat(backend.wait(id, TIMEOUT).code()).isNotZero();
        assertThat(logs(id, LogOptions.ALL)).extracting(LogLine::text).anyMatch(text -> text.contains("Read-only file system"));
    }

    @Test
    void imageUserNamesResolveFromTheRootfs()
    {
        String id = run(Specs.withUser(Specs.of("nobody", "id", "-u"), "nobody"));
        backend.wait(id, TIMEOUT);
        assertThat(logs(id, LogOptions.ALL)).extracting(LogLine::text).containsExactly("65534");
    }

    @Test
    void relaxingHardeningNeedsNodePolicy()
    {
        SecuritySpec privileged = new SecuritySpec(true, List.of("SYS_ADMIN"), List.of(), true, SecuritySpec.SECCOMP_DEFAULT, false, List.of());
        String id = id();
        assertThatThrownBy(() -> backend.create(new ContainerRequest(id, Specs.withSecurity(Specs.of("root", "true"), privileged), harness.busybox(), Map.of())))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("security.privileged")
                .hasMessageContaining("security.capAdd");
        backend.remove(id, true);
    }

    @Test
    void idsThatCannotNameADirectoryAreInvalid()
    {
        assertThatThrownBy(() -> backend.create(new ContainerRequest("../escape", Specs.of("x", "true"), harness.busybox(), Map.of())))
                .isInstanceOf(InvalidSpec.class).hasMessageContaining("../escape");
    }

    @Test
    void windowsImageIsWrongPlatform()
    {
        assertThatThrownBy(() -> backend.pull(YoukiHarness.WINDOWS, PlatformSpec.ANY))
                .isInstanceOfSatisfying(WrongPlatform.class, signal -> {
                    assertThat(signal.runtime()).isEqualTo("youki");
                    assertThat(signal.expected()).isEqualTo("linux");
                    assertThat(signal.actual()).isEqualTo("windows");
                });
    }

    @Test
    void aNewBackendInstanceSeesEarlierContainers()
    {
        String id = run(Specs.of("persisted", "sh", "-c", "exit 9"));
        backend.wait(id, TIMEOUT);
        try (YoukiHarness next = YoukiHarness.reopen(flavor(), harness.stateDir(), harness.root())) {
            assertThat(next.backend().list()).extracting(ContainerStatus::id).contains(id);
            assertThat(next.backend().state(id).exit()).map(ExitStatus::code).contains(9);
        }
    }

    @Test
    void bindMountsComeOnlyFromAllowedRoots()
            throws java.io.IOException
    {
        java.nio.file.Path source = java.nio.file.Files.createDirectories(java.nio.file.Path.of(ALLOWED_ROOT, id()));
        java.nio.file.Files.writeString(source.resolve("hello.txt"), "from-the-host");
        MountSpec bind = new MountSpec(MountSpec.Type.BIND, source.toString(), "/data", true, 0);
        String id = run(Specs.withMounts(Specs.of("binder", "sh", "-c", "cat /data/hello.txt; echo; touch /data/new || echo refused"), List.of(bind)));
        backend.wait(id, TIMEOUT);
        assertThat(logs(id, LogOptions.ALL)).extracting(LogLine::text).contains("from-the-host", "refused");

        MountSpec outside = new MountSpec(MountSpec.Type.BIND, "/etc", "/host-etc", true, 0);
        String refused = id();
        assertThatThrownBy(() -> backend.create(new ContainerRequest(refused, Specs.withMounts(Specs.of("x", "true"), List.of(outside)), harness.busybox(), Map.of())))
                .isInstanceOf(InvalidSpec.class).hasMessageContaining("mounts[0]").hasMessageContaining("/etc");
        assertThat(backend.state(refused).state()).isEqualTo(ContainerState.FAILED);
        backend.remove(refused, true);
    }

    @Test
    void gpuRequestsGoThroughTheCustomizerHook()
    {
        GpuRequest fake = new GpuRequest(1, "fake", List.of(), GpuSharing.EXCLUSIVE, MpsSettings.DEFAULTS, OptionalInt.empty());
        String id = run(Specs.withResources(Specs.of("cuda", "sh", "-c", "echo $FAKE_GPU"), new Resources(0, 0, 0, 0, Optional.of(fake))));
        backend.wait(id, TIMEOUT);
        assertThat(logs(id, LogOptions.ALL)).extracting(LogLine::text).containsExactly("granted");

        GpuRequest nvidia = new GpuRequest(1, "nvidia", List.of(), GpuSharing.EXCLUSIVE, MpsSettings.DEFAULTS, OptionalInt.empty());
        String refused = id();
        assertThatThrownBy(() -> backend.create(new ContainerRequest(refused,
                Specs.withResources(Specs.of("cuda", "true"), new Resources(0, 0, 0, 0, Optional.of(nvidia))), harness.busybox(), Map.of())))
                .isInstanceOf(Unsupported.class).hasMessageContaining("resources.gpu");
        backend.remove(refused, true);
    }

    @Test
    void logFileRotatesBySize()
            throws java.io.IOException
    {
        String id = run(Specs.of("chatty", "sh", "-c", "i=0; while [ $i -lt 6000 ]; do echo line-$i-padding-padding; i=$((i+1)); done; echo last-line"));
        backend.wait(id, TIMEOUT);
        List<String> lines = logs(id, LogOptions.ALL).stream().map(LogLine::text).toList();
        assertThat(lines).endsWith("last-line").hasSizeLessThan(6000);
        assertThat(java.nio.file.Files.size(harness.stateDir().resolve("containers").resolve(id).resolve("container.log"))).isLessThanOrEqualTo(64 * 1024);
    }

    @Test
    void followedLogIsWholeOrSaysWhatWasLostAcrossRotations()
            throws Exception
    {
        // 64 KiB log files (the harness's log-max-size): seq rotates the log about 40 times
        String id = id();
        backend.create(new ContainerRequest(id, Specs.of("seq", "seq", "1", "60000"), harness.busybox(), Map.of()));
        LogReader slow = backend.logs(id, new LogOptions(true, -1));
        CompletableFuture<List<String>> prompt = CompletableFuture.supplyAsync(() -> {
            List<String> lines = new ArrayList<>();
            try (LogReader reader = backend.logs(id, new LogOptions(true, -1))) {
                reader.forEachRemaining(line -> lines.add(line.text()));
            }
            return lines;
        });
        backend.start(id);
        assertThat(backend.wait(id, TIMEOUT).code()).isZero();
        assertWholeOrMarked(prompt.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS), 60000);
        // the slow reader looked only after the exit: the files it never reached are reported where they went missing
        List<String> late = new ArrayList<>();
        try (slow) {
            slow.forEachRemaining(line -> late.add(line.text()));
        }
        assertWholeOrMarked(late, 60000);
        assertThat(late).anyMatch(line -> line.startsWith("[berth] ") && line.contains("rotated away before the reader reached"));
        // a reader that comes after the rotations says the earlier lines are gone
        try (LogReader after = backend.logs(id, LogOptions.ALL)) {
            assertThat(after.next().text()).startsWith("[berth] the log was rotated before this reader began");
        }
        backend.remove(id, false);
    }

    /** Every number from 1 to {@code last} in order, or, when some are missing, a line saying that lines were lost. */
    private static void assertWholeOrMarked(List<String> lines, int last)
    {
        int previous = 0;
        long missing = 0;
        boolean marked = false;
        for (String line : lines) {
            if (line.startsWith("[berth] ")) {
                marked = true;
                continue;
            }
            int number = Integer.parseInt(line);
            assertThat(number).isGreaterThan(previous);
            missing += number - previous - 1;
            previous = number;
        }
        assertThat(previous).isEqualTo(last);
        if (missing > 0 && !marked) {
            throw new AssertionError(missing + " lines missing from the log, and nothing said so");
        }
    }

    @Test
    void ttyContainersGetATerminal()
    {
        String id = run(Specs.withTty(Specs.of("tty", "sh", "-c", "test -t 1 && echo is-a-tty")));
        assertThat(backend.wait(id, TIMEOUT).code()).isZero();
        assertThat(logs(id, LogOptions.ALL)).extracting(LogLine::text).anyMatch(text -> text.contains("is-a-tty"));
    }

    @Test
    void execIsBoundedByItsTimeout()
    {
        String id = run(Specs.of("slow", "sleep", "300"));
        assertThatThrownBy(() -> backend.exec(id, new ExecRequest(List.of("sleep", "30"), Map.of(), "", Duration.ofSeconds(1))))
                .isInstanceOf(dev.berth.core.error.Timeout.class);
        backend.remove(id, true);
    }

    private void awaitLog(String id, String text)
    {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (logs(id, LogOptions.ALL).stream().anyMatch(line -> line.text().contains(text))) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError("no log line with " + text + " from " + id);
    }

    private static void sleep(long millis)
    {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
