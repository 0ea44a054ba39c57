package dev.berth.hcs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.Internal;
import dev.berth.core.error.NotFound;
import dev.berth.core.error.PullFailed;
import dev.berth.core.error.RouteToPeer;
import dev.berth.core.error.WrongPlatform;
import dev.berth.core.runtime.ContainerRequest;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.core.runtime.ExecRequest;
import dev.berth.core.runtime.ExecResult;
import dev.berth.core.runtime.OutputTail;
import dev.berth.core.runtime.ImageConfig;
import dev.berth.core.runtime.ImagePlatform;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.spec.Isolation;
import dev.berth.core.spec.PlatformSpec;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.hcs.binding.HcsLibraries;
import dev.berth.hcs.layer.LayerManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the backend hands HCS, read back from the C stub's records, and how it turns HCS failures into AgentErrors. */
@Isolated
class HcsRuntimeStubTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path layerRoot;

    private HcsStub stub;
    private TestingImageService images;
    private HcsRuntime runtime;

    @BeforeEach
    void setUp()
    {
        stub = HcsStub.load();
        HcsLibraries libraries = stub.libraries();
        HcsConfig config = new HcsConfig(Optional.of(stub.path()), Duration.ofSeconds(10), layerRoot.toString(), Isolation.AUTO, "berth",
                1L << 30, 2, Duration.ofMillis(20));
        images = new TestingImageService().add(WindowsContract.NANOSERVER, List.of(layerRoot.resolve("base"), layerRoot.resolve("top")));
        runtime = new HcsRuntime(new HcsClient(libraries, config.operationTimeout()), new LayerManager(libraries.vmCompute()), images,
                WindowsContract.HOST, config);
    }

    @Test
    void processIsolatedCreateHandsHcsTheScratchVolumeAndLayersTopmostFirst()
            throws IOException
    {
        String id = "doc-" + System.nanoTime();
        runtime.create(request(id, WindowsContract.LONG_RUNNING, Isolation.AUTO));
        try {
            JsonNode document = JSON.readTree(stub.documents("HcsCreateComputeSystem").get(0));
            assertThat(document.path("Owner").asText()).isEqualTo("berth");
            assertThat(document.path("Container").path("Storage").path("Path").asText())
                    .isEqualTo("\\\\?\\Volume{5e1c9d2a-0000-4000-8000-00000000b37b}\\");
            assertThat(document.path("Container").path("Storage").path("Layers").findValuesAsText("Path"))
                    .containsExactly(layerRoot.resolve("top").toString(), layerRoot.resolve("base").toString());
            assertThat(stub.records()).anyMatch(line -> line.startsWith("ActivateLayer\t" + layerRoot.resolve(id)));
            // a PropertyQuery document, as hcsshim sends it, never a null query
            assertThat(stub.documents("HcsGetComputeSystemProperties")).isNotEmpty().containsOnly("{}");
            runtime.start(id);
            assertThat(stub.documents("HcsCreateProcess")).containsExactly(
                    "{\"CommandLine\":\"ping -t localhost\",\"User\":\"ContainerUser\",\"CreateStdOutPipe\":true,\"CreateStdErrPipe\":true}");
        }
        finally {
            runtime.remove(id, true);
        }
        assertThat(stub.records()).anyMatch(line -> line.startsWith("DeactivateLayer\t" + layerRoot.resolve(id)));
        assertThat(stub.counter(HcsStub.LIVE_SYSTEM_HANDLES)).isZero();
        assertThat(stub.counter(HcsStub.LIVE_PROCESSES)).isZero();
    }

    @Test
    void createRemoveCreateWithTheSameIdStartsFromNothingAndLeavesNothing()
    {
        String id = "again-" + System.nanoTime();
        Path scratch = layerRoot.resolve(id);
        for (int round = 0; round < 2; round++) {
            runtime.create(request(id, WindowsContract.LONG_RUNNING, Isolation.PROCESS));
            assertThat(scratch.resolve("sandbox.vhdx")).exists();
            runtime.start(id);
            runtime.remove(id, true);
            assertThat(scratch).as("round " + round + ": the scratch layer was destroyed with its container").doesNotExist();
        }
        assertThat(stub.records().stream().filter(line -> line.startsWith("CreateSandboxLayer\t")).count()).isEqualTo(2);
        assertThat(stub.records()).filteredOn(line -> line.startsWith("DestroyLayer\t")).hasSize(2);
        assertThat(stub.counter(HcsStub.LAYERS_ACTIVE)).isZero();
        assertThat(stub.counter(HcsStub.LAYER_ORDER_VIOLATIONS)).isZero();
        assertThat(stub.counter(HcsStub.LIVE_SYSTEM_HANDLES)).isZero();
    }

    @Test
    void aSystemThatCannotBeCreatedIsFailedAndKeepsItsReleasedScratchUntilRemoved()
    {
        String id = "kept-" + System.nanoTime();
        stub.script("HcsCreateComputeSystem", 0x8037010D, "{\"ErrorMessage\":\"bad document\"}");
        assertThatThrownBy(() -> runtime.create(request(id, WindowsContract.LONG_RUNNING, Isolation.PROCESS))).isInstanceOf(CreateFailed.class);
        assertThat(stub.counter(HcsStub.LAYERS_ACTIVE)).isZero();
        assertThat(layerRoot.resolve(id).resolve("sandbox.vhdx")).as("kept as evidence").exists();
        assertThat(runtime.state(id).state()).isEqualTo(ContainerState.FAILED);
        assertThat(runtime.list()).extracting(ContainerStatus::id).contains(id);
        assertThatThrownBy(() -> runtime.create(request(id, WindowsContract.LONG_RUNNING, Isolation.PROCESS)))
                .as("the failed one holds its id until removed").isInstanceOf(CreateFailed.class).hasMessageContaining("already exists");
        runtime.remove(id, false);
        assertThat(layerRoot.resolve(id)).doesNotExist();
        assertThatThrownBy(() -> runtime.state(id)).isInstanceOf(NotFound.class);
        runtime.create(request(id, WindowsContract.LONG_RUNNING, Isolation.PROCESS));
        runtime.remove(id, true);
        assertThat(stub.records()).filteredOn(line -> line.startsWith("CreateSandboxLayer\t")).hasSize(2);
        assertThat(layerRoot.resolve(id)).doesNotExist();
        assertThat(stub.counter(HcsStub.LAYER_ORDER_VIOLATIONS)).isZero();
    }

    @Test
    void imageMismatchIsAPlacementSignalWithTheHresultAndDocument()
    {
        stub.script("HcsCreateComputeSystem", 0xC0370101, "{\"ErrorMessage\":\"The container operating system does not match\"}");
        assertThatThrownBy(() -> runtime.create(request("mismatch-" + System.nanoTime(), WindowsContract.LONG_RUNNING, Isolation.PROCESS)))
                .isInstanceOfSatisfying(RouteToPeer.class, signal -> assertThat(signal.getMessage())
                        .contains("0xC0370101 HCS_E_IMAGE_MISMATCH").contains("does not match").contains("HcsCreateComputeSystem"));
        assertThat(stub.counter(HcsStub.FREED)).isEqualTo(stub.counter(HcsStub.ALLOCATED));
    }

    @Test
    void otherCreateFailureIsCreateFailedWithEvidence()
    {
        stub.script("HcsCreateComputeSystem", 0x8037010D, "{\"ErrorMessage\":\"invalid JSON at Container.Storage\"}");
        assertThatThrownBy(() -> runtime.create(request("badjson-" + System.nanoTime(), WindowsContract.LONG_RUNNING, Isolation.PROCESS)))
                .isInstanceOf(CreateFailed.class).hasMessageContaining("0x8037010D HCS_E_INVALID_JSON").hasMessageContaining("Container.Storage");
    }

    @Test
    void mismatchedBuildGetsAUtilityVmCreatedAndStartedBeforeTheHostedContainer()
            throws IOException
    {
        String id = "hv-" + System.nanoTime();
        PulledImage older = new PulledImage("mcr.microsoft.com/windows/nanoserver:1809", "sha256:" + "1".repeat(64),
                new ImagePlatform("windows", "amd64", Optional.empty(), Optional.of("10.0.17763.5329")), ImageConfig.EMPTY);
        images.add(older, List.of(layerRoot.resolve("base1809")));
        Path template = Files.createDirectories(layerRoot.resolve("base1809/UtilityVM")).resolve("SystemTemplate.vhdx");
        Files.writeString(template, "template disk");
        ServiceSpec spec = ServiceSpec.of(id, older.reference(), WindowsContract.LONG_RUNNING);
        runtime.create(new ContainerRequest(id, spec, older, Map.of()));
        Path disk = layerRoot.resolve(id + "@vm").resolve("sandbox.vhdx");
        try {
            // hcsshim's CreateUVMScratch: the template copied into the VM's folder, the VM granted access, then the VM made
            assertThat(disk).hasContent("template disk");
            assertThat(stub.records()).containsSubsequence("GrantVmAccess\t" + id + "@vm\t" + disk, "HcsCreateComputeSystem\t" + id + "@vm\t"
                    + stub.documents("HcsCreateComputeSystem").get(0));
            assertThat(JSON.readTree(stub.documents("HcsCreateComputeSystem").get(0)).path("VirtualMachine").path("GuestConnection").isObject()).isTrue();
            List<String> created = stub.records().stream().filter(line -> line.startsWith("HcsCreateComputeSystem\t")
                    || line.startsWith("HcsStartComputeSystem\t")).map(line -> line.split("\t")[0] + " " + line.split("\t")[1]).toList();
            assertThat(created).containsExactly("HcsCreateComputeSystem " + id + "@vm", "HcsStartComputeSystem " + id + "@vm",
                    "HcsCreateComputeSystem " + id);
            JsonNode hosted = JSON.readTree(stub.documents("HcsCreateComputeSystem").get(1));
            assertThat(hosted.path("HostingSystemId").asText()).isEqualTo(id + "@vm");
            assertThat(hosted.path("HostedSystem").path("Container").isObject()).isTrue();
        }
        finally {
            runtime.remove(id, true);
        }
        assertThat(stub.counter(HcsStub.LIVE_SYSTEM_HANDLES)).isZero();
        assertThat(layerRoot.resolve(id + "@vm")).as("the utility VM's scratch went with its container").doesNotExist();
    }

    @Test
    void hyperVWithoutASystemTemplateIsRefusedBeforeAnyVmIsMade()
    {
        String id = "notemplate-" + System.nanoTime();
        PulledImage older = new PulledImage("mcr.microsoft.com/windows/nanoserver:1809", "sha256:" + "4".repeat(64),
                new ImagePlatform("windows", "amd64", Optional.empty(), Optional.of("10.0.17763.5329")), ImageConfig.EMPTY);
        images.add(older, List.of(layerRoot.resolve("bare1809")));
        assertThatThrownBy(() -> runtime.create(new ContainerRequest(id, ServiceSpec.of(id, older.reference(), WindowsContract.LONG_RUNNING), older,
                Map.of()))).isInstanceOf(CreateFailed.class).hasMessageContaining("SystemTemplate.vhdx");
        assertThat(stub.documents("HcsCreateComputeSystem")).isEmpty();
    }

    @Test
    void utilityVmWhoseContainerCannotBeCreatedIsStoppedNotLeftRunning()
            throws IOException
    {
        String id = "hvfail-" + System.nanoTime();
        int systemsBefore = stub.counter(HcsStub.SYSTEMS);
        int handlesBefore = stub.counter(HcsStub.LIVE_SYSTEM_HANDLES);
        PulledImage older = new PulledImage("mcr.microsoft.com/windows/nanoserver:1809", "sha256:" + "3".repeat(64),
                new ImagePlatform("windows", "amd64", Optional.empty(), Optional.of("10.0.17763.5329")), ImageConfig.EMPTY);
        images.add(older, List.of(layerRoot.resolve("base1809")));
        Files.createDirectories(layerRoot.resolve("base1809/UtilityVM"));
        Files.writeString(layerRoot.resolve("base1809/UtilityVM/SystemTemplate.vhdx"), "template disk");
        stub.script("HcsCreateComputeSystem", 0, null);
        stub.script("HcsCreateComputeSystem", 0x80370102, "{\"ErrorMessage\":\"Hyper-V is not installed\"}");
        assertThatThrownBy(() -> runtime.create(new ContainerRequest(id, ServiceSpec.of(id, older.reference(), WindowsContract.LONG_RUNNING), older,
                Map.of()))).isInstanceOf(RouteToPeer.class).hasMessageContaining("HCS_E_HYPERV_NOT_INSTALLED");
        assertThat(stub.records()).anyMatch(line -> line.startsWith("HcsTerminateComputeSystem\t" + id + "@vm"));
        assertThat(stub.counter(HcsStub.SYSTEMS)).isEqualTo(systemsBefore);
        assertThat(stub.counter(HcsStub.LIVE_SYSTEM_HANDLES)).isEqualTo(handlesBefore);
        assertThat(layerRoot.resolve(id + "@vm")).doesNotExist();
    }

    @Test
    void stopThatOutlivesItsGraceIsCancelledThenTerminatedAndReports137()
    {
        String id = "grace-" + System.nanoTime();
        runtime.create(request(id, WindowsContract.LONG_RUNNING, Isolation.PROCESS));
        try {
            runtime.start(id);
            stub.hang("HcsShutDownComputeSystem");
            runtime.stop(id, Duration.ofMillis(30));
            assertThat(stub.counter(HcsStub.CANCELS)).isEqualTo(1);
            assertThat(stub.records()).anyMatch(line -> line.startsWith("HcsTerminateComputeSystem\t" + id));
            assertThat(runtime.state(id).state()).isEqualTo(ContainerState.EXITED);
            assertThat(runtime.wait(id, Duration.ofSeconds(5)).code()).isEqualTo(137);
        }
        finally {
            runtime.remove(id, true);
        }
        // the shutdown was waited for once, for its grace, then given up with its handle closed
        assertThat(stub.counter(HcsStub.WAITS_AFTER_TIMEOUT)).isZero();
        assertThat(stub.counter(HcsStub.CLOSED_PENDING)).isEqualTo(1);
        assertThat(stub.counter(HcsStub.LIVE_OPERATIONS)).isZero();
    }

    @Test
    void listShowsOnlyBerthsOwnSystemsAndAnotherOwnersSystemIsNotAdopted()
    {
        String id = "mine-" + System.nanoTime();
        String docker = "docker-" + System.nanoTime();
        HcsClient client = new HcsClient(stub.libraries(), Duration.ofSeconds(5));
        SystemHandle foreign = client.createComputeSystem(docker, "{\"Owner\":\"docker\",\"SchemaVersion\":{\"Major\":2,\"Minor\":1},\"Container\":{},"
                + "\"ShouldTerminateOnLastHandleClosed\":true}");
        runtime.create(request(id, WindowsContract.LONG_RUNNING, Isolation.PROCESS));
        try {
            assertThat(runtime.list()).extracting(ContainerStatus::id).contains(id).doesNotContain(docker);
            assertThat(stub.documents("HcsEnumerateComputeSystems")).containsExactly("{\"Types\":[\"Container\"],\"Owners\":[\"berth\"]}");
            assertThatThrownBy(() -> runtime.state(docker)).isInstanceOf(NotFound.class).hasMessageContaining("owner 'docker'");
            assertThatThrownBy(() -> runtime.remove(docker, true)).isInstanceOf(NotFound.class);
            assertThat(stub.records()).noneMatch(line -> line.startsWith("HcsTerminateComputeSystem\t" + docker));
        }
        finally {
            runtime.remove(id, true);
            client.close(foreign);
        }
    }

    @Test
    void execOutputIsABoundedTailThatSaysWhatItDropped()
    {
        String id = "flood-" + System.nanoTime();
        runtime.create(request(id, WindowsContract.LONG_RUNNING, Isolation.PROCESS));
        try {
            runtime.start(id);
            int printed = OutputTail.EXEC_LIMIT + 4096;
            ExecResult result = runtime.exec(id, new ExecRequest(List.of("cmd", "/c", "flood " + printed), Map.of(), "", Duration.ofSeconds(10)));
            assertThat(result.exitCode()).isZero();
            assertThat(result.stdout()).hasSize(OutputTail.EXEC_LIMIT).endsWith("yyyEND");
            assertThat(result.stdoutDropped()).isEqualTo(printed + 3L - OutputTail.EXEC_LIMIT);
            assertThat(result.truncated()).isTrue();
        }
        finally {
            runtime.remove(id, true);
        }
        assertThat(stub.counter(HcsStub.SYNC_READS)).isZero();
        assertThat(stub.counter(HcsStub.LIVE_PIPES)).isZero();
        assertThat(stub.counter(HcsStub.LIVE_EVENTS)).isZero();
        assertThat(stub.counter(HcsStub.BAD_HANDLES)).isZero();
    }

    @Test
    void anUnknownIdIsNotFoundButAnOpenThatFailsOtherwiseIsNot()
    {
        assertThatThrownBy(() -> runtime.state("nobody-" + System.nanoTime())).isInstanceOf(NotFound.class).hasMessageContaining("0x80070490");
        stub.script("HcsOpenComputeSystem", 0x8037011B, null);
        assertThatThrownBy(() -> runtime.state("denied-" + System.nanoTime())).isInstanceOf(Internal.class)
                .hasMessageContaining("HCS_E_ACCESS_DENIED");
    }

    @Test
    void killingAnInitThatHasExitedKeepsItsOwnExitCode()
    {
        String id = "exited-" + System.nanoTime();
        runtime.create(request(id, WindowsContract.exitWith(3), Isolation.PROCESS));
        try {
            runtime.start(id);
            assertThat(runtime.wait(id, Duration.ofSeconds(5)).code()).isEqualTo(3);
            // HcsTerminateProcess answers ERROR_ACCESS_DENIED for a process that has exited, as TerminateProcess does
            runtime.kill(id, 9);
            assertThat(stub.records()).anyMatch(line -> line.startsWith("HcsTerminateProcess\t"));
            assertThat(runtime.state(id).exit()).hasValueSatisfying(exit -> assertThat(exit.code()).isEqualTo(3));
        }
        finally {
            runtime.remove(id, true);
        }
    }

    @Test
    void aRestartedAgentOpensContainersItDidNotCreateInThisRun()
    {
        String id = "recover-" + System.nanoTime();
        runtime.create(request(id, WindowsContract.LONG_RUNNING, Isolation.PROCESS));
        HcsLibraries libraries = stub.libraries();
        HcsConfig config = new HcsConfig(Optional.of(stub.path()), Duration.ofSeconds(10), layerRoot.toString(), Isolation.AUTO, "berth",
                1L << 30, 2, Duration.ofMillis(20));
        HcsRuntime restarted = new HcsRuntime(new HcsClient(libraries, config.operationTimeout()), new LayerManager(libraries.vmCompute()), images,
                WindowsContract.HOST, config);
        try {
            assertThat(restarted.list()).extracting(status -> status.id() + " " + status.state()).contains(id + " CREATED");
            assertThat(restarted.state(id).state()).isEqualTo(ContainerState.CREATED);
            assertThat(stub.records()).contains("HcsOpenComputeSystem\t" + id + "\t");
        }
        finally {
            restarted.remove(id, true);
            runtime.remove(id, true);
        }
        assertThat(stub.counter(HcsStub.LIVE_SYSTEM_HANDLES)).isZero();
    }

    @Test
    void pullOfALinuxImageIsWrongPlatformBeforeAnyLayerWork()
    {
        PulledImage linux = new PulledImage("busybox:latest", "sha256:" + "2".repeat(64), ImagePlatform.of("linux", "amd64"), ImageConfig.EMPTY);
        images.add(linux, List.of(layerRoot.resolve("busybox")));
        assertThatThrownBy(() -> runtime.pull("busybox:latest", PlatformSpec.ANY))
                .isInstanceOfSatisfying(WrongPlatform.class, error -> {
                    assertThat(error.runtime()).isEqualTo("hcs");
                    assertThat(error.expected()).isEqualTo("windows");
                    assertThat(error.actual()).isEqualTo("linux");
                    assertThat(error.image()).isEqualTo("busybox:latest");
                });
        assertThat(images.calls()).containsExactly("pull:busybox:latest");
        assertThat(stub.records()).isEmpty();
    }

    @Test
    void pullProcessesTheBaseLayerOnceAndItsUtilityVm()
            throws IOException
    {
        Files.createDirectories(layerRoot.resolve("base").resolve("Files"));
        Files.createDirectories(layerRoot.resolve("base").resolve("UtilityVM").resolve("Files"));
        runtime.pull(WindowsContract.NANOSERVER.reference(), PlatformSpec.ANY);
        runtime.pull(WindowsContract.NANOSERVER.reference(), PlatformSpec.ANY);
        // the layers come through the Windows importer, never the Linux unpacker
        assertThat(images.calls()).contains("layerDirectories:hcs:" + WindowsContract.NANOSERVER.reference())
                .noneMatch(call -> call.equals("layerDirectories:" + WindowsContract.NANOSERVER.reference()));
        assertThat(stub.records()).containsExactly("ProcessBaseImage\t" + layerRoot.resolve("base") + "\tflavour=-1 home=(no info)",
                "ProcessUtilityImage\t" + layerRoot.resolve("base").resolve("UtilityVM") + "\tflavour=-1 home=(no info)");
    }

    @Test
    void failedBaseLayerProcessingIsPullFailedWithTheHresult()
    {
        stub.script("ProcessBaseImage", 0x80070002, null);
        assertThatThrownBy(() -> runtime.pull(WindowsContract.NANOSERVER.reference(), PlatformSpec.ANY))
                .isInstanceOf(PullFailed.class).hasMessageContaining("ProcessBaseImage").hasMessageContaining("0x80070002 Win32 error 2");
    }

    private static ContainerRequest request(String id, List<String> args, Isolation isolation)
    {
        ServiceSpec base = ServiceSpec.of(id, WindowsContract.NANOSERVER.reference(), args);
        ServiceSpec spec = new ServiceSpec(base.name(), base.image(), base.command(), base.args(), base.env(), base.secretEnv(), base.workingDir(),
                base.user(), base.tty(), base.ports(), base.mounts(), base.network(), base.resources(), base.platform(), isolation, base.runtime(),
                base.labels(), base.health(), base.init(), base.initPolicy(), base.depends(), base.restart(), base.replicas(), base.security(),
                base.startTimeout(), base.stopGrace());
        return new ContainerRequest(id, spec, WindowsContract.NANOSERVER, Map.of());
    }
}
