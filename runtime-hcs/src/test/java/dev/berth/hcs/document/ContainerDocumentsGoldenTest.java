package dev.berth.hcs.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.error.GpuSharingUnavailable;
import dev.berth.core.error.Unsupported;
import dev.berth.core.runtime.ContainerRequest;
import dev.berth.core.runtime.ImageConfig;
import dev.berth.core.runtime.ImagePlatform;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.spec.GpuRequest;
import dev.berth.core.spec.GpuSharing;
import dev.berth.core.spec.MountSpec;
import dev.berth.core.spec.MpsSettings;
import dev.berth.core.spec.NetworkMode;
import dev.berth.core.spec.Resources;
import dev.berth.core.spec.ServiceSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Golden documents, held to Microsoft's HCS schema v2 as hcsshim's {@code internal/hcs/schema2} mirrors it:
 * compute_system.go (Owner, SchemaVersion, HostingSystemId, HostedSystem, Container, VirtualMachine),
 * hosted_system.go, container.go (Storage, MappedDirectories, Memory, Processor, Networking), storage.go (Layers, Path),
 * layer.go (Id, Path), mapped_directory.go (HostPath, ContainerPath, ReadOnly), container_memory.go (SizeInMB),
 * container_processor.go (Count, Maximum), networking.go (AllowUnqualifiedDnsQuery, Namespace), virtual_machine.go,
 * chipset.go, uefi.go, uefi_boot_entry.go, topology.go, virtual_machine_memory.go, virtual_machine_processor.go,
 * devices.go (Scsi, VirtualSmb), scsi.go, attachment.go, virtual_smb.go, virtual_smb_share.go,
 * virtual_smb_share_options.go and process_parameters.go. Each document is compared whole to its golden file and
 * also walked against {@link SchemaV2}, so a misspelt or misplaced field fails even if the golden file were wrong too.
 */
class ContainerDocumentsGoldenTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PulledImage IMAGE = new PulledImage("mcr.microsoft.com/windows/nanoserver:ltsc2022", "sha256:" + "a".repeat(64),
            new ImagePlatform("windows", "amd64", Optional.empty(), Optional.of("10.0.20348.2227")),
            new ImageConfig(List.of(), List.of("cmd.exe"), List.of("PATH=C:\\Windows\\system32;C:\\Windows"), "", "ContainerUser", Set.of(),
                    Map.of(), ""));
    private static final ContainerStorage STORAGE = new ContainerStorage(List.of(
            new LayerRef("6a1c3e0f-0b55-5b6c-9d1c-8e4fb1a2c3d4", "C:\\ProgramData\\berth\\layers\\sha256-bbbb"),
            new LayerRef("0f2e3d4c-5b6a-5978-8695-a4b3c2d1e0f9", "C:\\ProgramData\\berth\\layers\\sha256-aaaa")),
            "\\\\?\\Volume{5e1c9d2a-0000-4000-8000-00000000b37b}\\");

    private final ContainerDocuments documents = new ContainerDocuments("berth", 1L << 30, 2, 8);

    @Test
    void processIsolatedContainer()
            throws IOException
    {
        String json = ContainerDocuments.json(documents.processIsolated(request(spec(NetworkMode.BRIDGE, 2000, Optional.empty())), STORAGE));
        assertMatchesGolden(json, "process-isolated.json", "ComputeSystem");
    }

    @Test
    void hyperVIsolatedContainerIsAUtilityVmPlusTheHostedContainer()
            throws IOException
    {
        HyperVDocuments hyperV = documents.hyperV(request(spec(NetworkMode.BRIDGE, 2000, Optional.empty())),
                new ContainerStorage(STORAGE.layers(), "C:\\c\\web-1"),
                new UtilityVmLayout("web-1@vm", "C:\\ProgramData\\berth\\layers\\sha256-aaaa\\UtilityVM\\Files",
                        "C:\\ProgramData\\berth\\hcs\\web-1@vm\\sandbox.vhdx"));
        assertMatchesGolden(ContainerDocuments.json(hyperV.utilityVm()), "hyperv-utility-vm.json", "ComputeSystem");
        assertMatchesGolden(ContainerDocuments.json(hyperV.container()), "hyperv-hosted-container.json", "ComputeSystem");
    }

    @Test
    void fractionalCpuBecomesAMaximumOverTheHostNotACount()
    {
        JsonNode processor = JSON.valueToTree(documents.processIsolated(request(spec(NetworkMode.NONE, 500, Optional.empty())), STORAGE))
                .path("Container").path("Processor");
        // 0.5 of one core out of 8 host processors: 625 cycles per 10,000
        assertThat(processor.toString()).isEqualTo("{\"Maximum\":625}");
    }

    @Test
    void noNetworkLeavesNetworkingOut()
    {
        JsonNode container = JSON.valueToTree(documents.processIsolated(request(spec(NetworkMode.NONE, 0, Optional.empty())), STORAGE)).path("Container");
        assertThat(container.has("Networking")).isFalse();
        assertThat(container.has("Processor")).isFalse();
    }

    @Test
    void initProcessMergesSpecOverImageConfig()
            throws IOException
    {
        ServiceSpec spec = spec(NetworkMode.NONE, 0, Optional.empty());
        String json = ContainerDocuments.json(ContainerDocuments.initProcess(spec, IMAGE.config()));
        assertMatchesGolden(json, "init-process.json", "ProcessParameters");
    }

    @Test
    void gpuWithProcessIsolationIsUnsupported()
    {
        ServiceSpec spec = spec(NetworkMode.NONE, 0, Optional.of(gpu(GpuSharing.EXCLUSIVE)));
        assertThatThrownBy(() -> documents.processIsolated(request(spec), STORAGE))
                .isInstanceOf(Unsupported.class).hasMessageContaining("process isolation");
    }

    @Test
    void mpsWithHyperVIsolationIsGpuSharingUnavailable()
    {
        ServiceSpec spec = spec(NetworkMode.NONE, 0, Optional.of(gpu(GpuSharing.MPS)));
        assertThatThrownBy(() -> ContainerDocuments.check(spec, IsolationMode.HYPERV))
                .isInstanceOfSatisfying(GpuSharingUnavailable.class, error -> assertThat(error.mode()).isEqualTo("mps"));
    }

    @Test
    void schemaTableRejectsAFieldThatIsNotInTheSchema()
            throws IOException
    {
        JsonNode wrong = JSON.readTree("{\"Container\":{\"Storage\":{\"Layer\":[]},\"Memory\":{\"SizeInMb\":5}}}");
        assertThat(SchemaV2.violations(wrong, "ComputeSystem"))
                .containsExactlyInAnyOrder("$.Container.Storage.Layer: not a field of Storage (storage.go)",
                        "$.Container.Memory.SizeInMb: not a field of ContainerMemory (container_memory.go)");
    }

    private static GpuRequest gpu(GpuSharing sharing)
    {
        return new GpuRequest(1, "nvidia", List.of(), sharing, MpsSettings.DEFAULTS, OptionalInt.empty());
    }

    private static void assertMatchesGolden(String json, String golden, String type)
            throws IOException
    {
        JsonNode actual = JSON.readTree(json);
        assertThat(SchemaV2.violations(actual, type)).as("fields outside HCS schema v2").isEmpty();
        try (InputStream in = ContainerDocumentsGoldenTest.class.getResourceAsStream("/golden/" + golden)) {
            assertThat(in).as("golden file " + golden).isNotNull();
            JsonNode expected = JSON.readTree(in);
            assertThat(actual).as("document vs golden/" + golden + "; actual: " + json).isEqualTo(expected);
        }
    }

    static ContainerRequest request(ServiceSpec spec)
    {
        return new ContainerRequest("web-1", spec, IMAGE, Map.of(ContainerDocuments.NETWORK_NAMESPACE_ANNOTATION,
                "c1a5f0e2-7d4b-4c3a-9e8f-0a1b2c3d4e5f"));
    }

    static ServiceSpec spec(NetworkMode network, long cpuMillis, Optional<GpuRequest> gpu)
    {
        ServiceSpec base = ServiceSpec.of("web", IMAGE.reference(), List.of());
        return new ServiceSpec(base.name(), base.image(), List.of("cmd", "/S", "/C"), List.of("echo hello && ping -t localhost"),
                Map.of("GREETING", "hi there"), Set.of(), "C:\\app", "", false, List.of(),
                List.of(new MountSpec(MountSpec.Type.BIND, "C:\\data\\web", "C:\\data", false, 0),
                        new MountSpec(MountSpec.Type.BIND, "C:\\config", "C:\\config", true, 0)),
                network, new Resources(cpuMillis, 0, 512L << 20, 0, gpu), base.platform(), base.isolation(), base.runtime(), Map.of(),
                base.health(), base.init(), base.initPolicy(), base.depends(), base.restart(), 1, base.security(), base.startTimeout(),
                base.stopGrace());
    }
}
