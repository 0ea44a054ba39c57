package dev.berth.wsl2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.Unsupported;
import dev.berth.core.error.WrongPlatform;
import dev.berth.core.error.WslGpuUnavailable;
import dev.berth.core.runtime.ContainerRequest;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.core.runtime.ExecRequest;
import dev.berth.core.runtime.ExecResult;
import dev.berth.core.runtime.ExitStatus;
import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.LogReader;
import dev.berth.core.spec.PlatformSpec;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.core.spec.SpecParser;
import dev.berth.core.testing.Requirements;
import dev.berth.gpu.config.GpuConfig;
import dev.berth.gpu.inventory.GpuInventoryProbe;
import dev.berth.oci.process.Command;
import dev.berth.oci.testing.TestFlavor;
import dev.berth.wsl2.config.Wsl2Config;
import dev.berth.wsl2.distro.DistroLayout;
import dev.berth.wsl2.testing.Wsl2Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

class Wsl2BackendTest
{
    @TempDir
    Path distroRoot;

    @Test
    void aWindowsImageIsWrongPlatformBeforeAnyDistroWork()
    {
        try (Wsl2Harness harness = Wsl2Harness.create()) {
            assertThatThrownBy(() -> harness.backend().pull(Wsl2Harness.WINDOWS, PlatformSpec.ANY))
                    .isInstanceOfSatisfying(WrongPlatform.class, error -> {
                        assertThat(error.runtime()).isEqualTo("wsl2");
                        assertThat(error.expected()).isEqualTo("linux");
                        assertThat(error.actual()).isEqualTo("windows");
                        assertThat(error.image()).isEqualTo(Wsl2Harness.WINDOWS);
                    });
            assertThat(harness.transport().commands()).isEmpty();
        }
    }

    @Test
    void bridgeNetworkingIsRefusedPlainly()
    {
        try (Wsl2Harness harness = Wsl2Harness.create()) {
            ServiceSpec spec = SpecParser.parseService("name: web\nimage: busybox:test\nargs: [true]\nnetwork: bridge\n");
            assertThatThrownBy(() -> harness.backend().create(new ContainerRequest("bridge-1", spec, harness.busybox(), Map.of())))
                    .isInstanceOf(Unsupported.class)
                    .hasMessageContaining("bridge");
            assertThat(harness.transport().commands()).isEmpty();
        }
    }

    @Test
    void aGpuTheDistroCannotGiveFailsCreateAndTheContainerStaysOnRecordAsFailed() throws Exception
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("conmon");
        // probes look in a stand-in distro root with WSL's libraries but no /dev/dxg; commands run on this host
        Files.createDirectories(distroRoot.resolve("usr/lib/wsl/lib"));
        Files.writeString(distroRoot.resolve("usr/lib/wsl/lib/libcuda.so.1"), "");
        try (Wsl2Harness harness = Wsl2Harness.create(Map.of(Wsl2Config.LOCAL_ROOT.name(), distroRoot.toString()))) {
            ServiceSpec spec = SpecParser.parseService("name: cuda\nimage: busybox:test\nargs: [true]\nresources:\n  gpu:\n    count: 1\n");
            assertThatThrownBy(() -> harness.backend().create(new ContainerRequest("gpu-1", spec, harness.busybox(), Map.of())))
                    .isInstanceOfSatisfying(WslGpuUnavailable.class, error -> assertThat(error.reason()).contains("/dev/dxg does not exist"));
            assertThat(harness.backend().state("gpu-1").state()).isEqualTo(ContainerState.FAILED);
            assertThat(harness.transport().commandsRunning(harness.config().conmon())).isEmpty();
            assertThat(harness.transport().commandsWith("overlay")).hasSize(1);
            harness.backend().remove("gpu-1", true);
        }
    }

    /** The drift issue 17 names: the delegate, like youki, finishes a removal cut short before it creates again. */
    @Test
    void filesLeftByARemovalCutShortAreNotTakenForTheNextContainers() throws Exception
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("runc");
        Requirements.requireExecutable("conmon");
        try (Wsl2Harness harness = Wsl2Harness.create()) {
            String id = "w-leftover";
            ContainerRequest request = new ContainerRequest(id, SpecParser.parseService("name: again\nimage: busybox:test\nargs: [sleep, '300']\n"),
                    harness.busybox(), Map.of());
            harness.backend().create(request);
            harness.backend().remove(id, true);
            // what an agent killed mid-removal left in the distro: pid and exit files, the conmon pid since reused
            DistroLayout layout = new DistroLayout(harness.config().stateDir());
            Process unrelated = new ProcessBuilder("sleep", "60").start();
            try {
                Files.createDirectories(Path.of(layout.exitDir(id)));
                Files.writeString(Path.of(layout.containerPidFile(id)), "1");
                Files.writeString(Path.of(layout.conmonPidFile(id)), Long.toString(unrelated.pid()));
                Files.writeString(Path.of(layout.exitFile(id)), "137");

                ContainerStatus created = harness.backend().create(request);
                assertThat(created.pid()).as("the pid of this create, not the leftover file's").isNotEqualTo(OptionalLong.of(1));
                harness.backend().start(id);
                assertThat(harness.backend().state(id).state()).isEqualTo(ContainerState.RUNNING);
                assertThat(unrelated.isAlive()).as("a process that merely reuses a leftover pid is not killed").isTrue();
                harness.backend().remove(id, true);
            }
            finally {
                unrelated.destroyForcibly();
            }
        }
    }

    @Test
    void gpuInventoryIsTakenInsideTheDistro() throws Exception
    {
        Files.createDirectories(distroRoot.resolve("sys/bus/pci/devices/0000:01:00.0"));
        Files.writeString(distroRoot.resolve("sys/bus/pci/devices/0000:01:00.0/class"), "0x030200\n");
        Files.writeString(distroRoot.resolve("sys/bus/pci/devices/0000:01:00.0/vendor"), "0x10de\n");
        try (Wsl2Harness harness = Wsl2Harness.create(Map.of(Wsl2Config.LOCAL_ROOT.name(), distroRoot.toString(), "gpu.time-slice.replicas", "4"))) {
            var inventory = new GpuInventoryProbe(harness.transport().hostView(Duration.ofSeconds(10)),
                    GpuConfig.from(new ConfigMap(Map.of("gpu.time-slice.replicas", "4")))).probe();
            assertThat(inventory.count()).isEqualTo(1);
            assertThat(inventory.timeSliceCapacity()).isEqualTo(4);
        }
    }

    @Test
    void logsFollowAcrossTheDistroUntilTheContainerExits()
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("runc");
        Requirements.requireExecutable("conmon");
        try (Wsl2Harness harness = Wsl2Harness.create()) {
            ServiceSpec spec = SpecParser.parseService("name: talker\nimage: busybox:test\nargs: [sh, -c, 'echo one; sleep 1; echo two >&2; exit 0']\n");
            harness.backend().create(new ContainerRequest("talker-1", spec, harness.busybox(), Map.of()));
            harness.backend().start("talker-1");
            List<String> lines = new ArrayList<>();
            try (LogReader reader = harness.backend().logs("talker-1", new LogOptions(true, -1))) {
                reader.forEachRemaining(line -> lines.add(line.stream() + ":" + line.text()));
            }
            assertThat(lines).containsExactly("STDOUT:one", "STDERR:two");
            try (LogReader reader = harness.backend().logs("talker-1", new LogOptions(false, 1))) {
                assertThat(reader.next().text()).isEqualTo("two");
                assertThat(reader.hasNext()).isFalse();
            }
        }
    }

    @Test
    void stopSendsTheImagesStopSignal()
            throws InterruptedException
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("runc");
        Requirements.requireExecutable("conmon");
        try (Wsl2Harness harness = Wsl2Harness.create()) {
            // as pid 1, sh ignores a SIGTERM it has no trap for: only SIGUSR1 ends it before the grace is up
            ServiceSpec spec = SpecParser.parseService("name: usr1\nimage: busybox:usr1\n"
                    + "args: [sh, -c, 'trap \"exit 0\" USR1; echo ready; while true; do sleep 0.1; done']\n");
            harness.backend().create(new ContainerRequest("usr1-1", spec, harness.backend().pull(Wsl2Harness.BUSYBOX_USR1, PlatformSpec.ANY), Map.of()));
            harness.backend().start("usr1-1");
            awaitLine(harness, "usr1-1", "ready");
            harness.backend().stop("usr1-1", Duration.ofSeconds(20));
            assertThat(harness.backend().state("usr1-1").exit()).map(ExitStatus::code).as("SIGUSR1, not SIGTERM then SIGKILL").contains(0);
        }
    }

    @Test
    void listAsksTheRuntimeOnceHoweverManyContainersThereAre()
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("runc");
        Requirements.requireExecutable("conmon");
        try (Wsl2Harness harness = Wsl2Harness.create()) {
            ServiceSpec spec = SpecParser.parseService("name: idle\nimage: busybox:test\nargs: [sleep, '300']\n");
            for (String id : List.of("idle-1", "idle-2", "idle-3")) {
                harness.backend().create(new ContainerRequest(id, spec, harness.busybox(), Map.of()));
            }
            harness.backend().start("idle-2");
            int before = harness.transport().commands().size();

            List<ContainerStatus> listed = harness.backend().list();

            assertThat(listed).extracting(ContainerStatus::id, ContainerStatus::state).containsExactlyInAnyOrder(
                    tuple("idle-1", ContainerState.CREATED), tuple("idle-2", ContainerState.RUNNING), tuple("idle-3", ContainerState.CREATED));
            List<List<String>> runtimeCalls = harness.transport().commands().subList(before, harness.transport().commands().size()).stream()
                    .map(Command::argv)
                    .filter(argv -> argv.get(0).equals(harness.config().binary()))
                    .toList();
            assertThat(runtimeCalls).as("runtime calls in the distro").hasSize(1);
            assertThat(runtimeCalls.get(0)).contains("list").doesNotContain("state");
        }
    }

    @Test
    void execInheritsTheContainersEnvironmentAndUserUnderCrun()
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("crun");
        Requirements.requireExecutable("unshare");
        Requirements.requireExecutable("conmon");
        // crun passes no environment of its own to exec: without the container's, not even sh is on the PATH
        Path crun = TestFlavor.CRUN.binary(Path.of("/tmp/berth-wsl2-test/bin"));
        try (Wsl2Harness harness = Wsl2Harness.create(Map.of(Wsl2Config.BINARY.name(), crun.toString(), Wsl2Config.FLAVOR.name(), "crun"))) {
            ServiceSpec spec = SpecParser.parseService("name: host\nimage: busybox:test\nuser: nobody\nenv: {GREETING: hi}\nargs: [sleep, '300']\n");
            harness.backend().create(new ContainerRequest("exec-1", spec, harness.busybox(), Map.of()));
            harness.backend().start("exec-1");
            List<String> command = List.of("sh", "-c", "echo $GREETING-$(id -u)");

            ExecResult inherited = harness.backend().exec("exec-1", new ExecRequest(command, Map.of(), "", Duration.ofSeconds(30)));
            ExecResult overridden = harness.backend().exec("exec-1", new ExecRequest(command, Map.of("GREETING", "yo"), "0:0", Duration.ofSeconds(30)));

            assertThat(inherited).isEqualTo(new ExecResult(0, "hi-65534\n", ""));
            assertThat(overridden).isEqualTo(new ExecResult(0, "yo-0\n", ""));
        }
    }

    @Test
    void aUserNameIsResolvedFromTheImageInsideTheDistro()
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("runc");
        Requirements.requireExecutable("conmon");
        try (Wsl2Harness harness = Wsl2Harness.create()) {
            ServiceSpec spec = SpecParser.parseService("name: who\nimage: busybox:test\nuser: nobody\nargs: [sh, -c, 'echo $(id -u):$(id -g)']\n");
            harness.backend().create(new ContainerRequest("who-1", spec, harness.busybox(), Map.of()));
            harness.backend().start("who-1");
            assertThat(harness.backend().wait("who-1", Duration.ofSeconds(30)).code()).isZero();
            try (LogReader reader = harness.backend().logs("who-1", LogOptions.ALL)) {
                assertThat(reader.next().text()).isEqualTo("65534:65534");
            }
        }
    }

    private static void awaitLine(Wsl2Harness harness, String id, String text)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (LogReader reader = harness.backend().logs(id, LogOptions.ALL)) {
                while (reader.hasNext()) {
                    if (reader.next().text().equals(text)) {
                        return;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("container " + id + " never logged " + text);
    }
}
