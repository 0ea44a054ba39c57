package dev.berth.gpu.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.Configuration;
import dev.berth.gpu.edit.ContainerEdits;
import dev.berth.gpu.edit.DeviceNode;
import dev.berth.gpu.edit.HookEdit;
import dev.berth.gpu.edit.MountEdit;
import dev.berth.gpu.testing.HostTree;
import dev.berth.gpu.testing.TestingCommandRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

class CdiRegistryTest
{
    /** As {@code nvidia-ctk cdi generate} writes it, trimmed: numbers left out of device 0 so they are stat'ed. */
    static final String NVIDIA_YAML = """
            cdiVersion: 0.5.0
            kind: nvidia.com/gpu
            devices:
            - name: "0"
              containerEdits:
                deviceNodes:
                - path: /dev/nvidia0
            - name: "1"
              containerEdits:
                deviceNodes:
                - path: /dev/nvidia1
                  type: c
                  major: 195
                  minor: 1
            - name: all
              containerEdits:
                deviceNodes:
                - path: /dev/nvidia0
                - path: /dev/nvidia1
                  type: c
                  major: 195
                  minor: 1
            containerEdits:
              env:
              - NVIDIA_VISIBLE_DEVICES=void
              deviceNodes:
              - path: /dev/nvidiactl
                permissions: rw
              hooks:
              - hookName: createContainer
                path: /usr/bin/nvidia-cdi-hook
                args: [nvidia-cdi-hook, update-ldcache, --folder, /usr/lib/x86_64-linux-gnu]
              mounts:
              - hostPath: /usr/lib/x86_64-linux-gnu/libcuda.so.535.104.05
                containerPath: /usr/lib/x86_64-linux-gnu/libcuda.so.535.104.05
                options: [ro, nosuid, nodev, bind]
            """;

    @TempDir
    Path root;

    private HostTree host;

    @BeforeEach
    void setUp()
    {
        host = new HostTree(root).characterDevice("/dev/nvidia0").characterDevice("/dev/nvidiactl").file("/etc/cdi/nvidia.yaml", NVIDIA_YAML);
    }

    private CdiRegistry registry()
    {
        return new CdiRegistry(host.view(new TestingCommandRunner()), List.of("/etc/cdi", "/var/run/cdi"));
    }

    @Test
    void resolvesADeviceWithItsSpecWideEditsStatingMissingNumbers()
    {
        ContainerEdits edits = registry().resolve(List.of("nvidia.com/gpu=0"));
        assertThat(edits.deviceNodes()).containsExactly(
                new DeviceNode("/dev/nvidia0", "/dev/nvidia0", "c", HostTree.NULL_MAJOR, HostTree.NULL_MINOR, "rwm", OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty()),
                new DeviceNode("/dev/nvidiactl", "/dev/nvidiactl", "c", HostTree.NULL_MAJOR, HostTree.NULL_MINOR, "rw", OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty()));
        assertThat(edits.env()).containsExactly("NVIDIA_VISIBLE_DEVICES=void");
        assertThat(edits.hooks()).containsExactly(new HookEdit("createContainer", "/usr/bin/nvidia-cdi-hook",
                List.of("nvidia-cdi-hook", "update-ldcache", "--folder", "/usr/lib/x86_64-linux-gnu"), List.of(), OptionalInt.empty()));
        assertThat(edits.mounts()).containsExactly(new MountEdit("/usr/lib/x86_64-linux-gnu/libcuda.so.535.104.05",
                "/usr/lib/x86_64-linux-gnu/libcuda.so.535.104.05", "bind", List.of("ro", "nosuid", "nodev", "bind")));
    }

    @Test
    void specWideEditsAreAppliedOnceForSeveralDevices()
    {
        ContainerEdits edits = registry().resolve(List.of("nvidia.com/gpu=0", "nvidia.com/gpu=1"));
        assertThat(edits.deviceNodes()).extracting(DeviceNode::path).containsExactly("/dev/nvidia0", "/dev/nvidiactl", "/dev/nvidia1");
        assertThat(edits.deviceNodes().get(2).major()).isEqualTo(195);
        assertThat(edits.hooks()).hasSize(1);
    }

    @Test
    void aLaterDirectoryOverridesAndJsonIsRead()
    {
        host.file("/var/run/cdi/nvidia.json", """
                {"cdiVersion": "0.6.0", "kind": "nvidia.com/gpu",
                 "devices": [{"name": "0", "containerEdits": {"env": ["FROM_RUN=1"]}}]}
                """);
        ContainerEdits edits = registry().resolve(List.of("nvidia.com/gpu=0"));
        assertThat(edits.env()).containsExactly("FROM_RUN=1");
        assertThat(edits.deviceNodes()).isEmpty();
    }

    @Test
    void missingKindNamesDirectoriesAndHowToGenerate()
    {
        assertThatThrownBy(() -> registry().resolve(List.of("amd.com/gpu=0")))
                .isInstanceOf(Configuration.class)
                .hasMessageContaining("no CDI spec for kind amd.com/gpu")
                .hasMessageContaining("[/etc/cdi, /var/run/cdi]")
                .hasMessageContaining("nvidia-ctk cdi generate");
    }

    @Test
    void missingDeviceListsWhatTheKindHas()
    {
        assertThatThrownBy(() -> registry().resolve(List.of("nvidia.com/gpu=7")))
                .isInstanceOf(Configuration.class)
                .hasMessageContaining("no CDI device nvidia.com/gpu=7")
                .hasMessageContaining("[0, 1, all]");
    }

    @Test
    void aDeviceNodeWithoutNumbersMustExistOnTheHost()
    {
        host.file("/etc/cdi/example.yaml", "cdiVersion: 0.5.0\nkind: example.com/dev\ndevices:\n- name: x\n  containerEdits:\n    deviceNodes:\n    - path: /dev/absent\n");
        assertThatThrownBy(() -> registry().resolve(List.of("example.com/dev=x")))
                .isInstanceOf(Configuration.class)
                .hasMessageContaining("device node /dev/absent of CDI device example.com/dev=x")
                .hasMessageContaining("does not exist");
    }

    @Test
    void brokenSpecFilesAreNamedInTheError()
    {
        host.file("/etc/cdi/bad.json", "{ not json");
        assertThatThrownBy(() -> registry().resolve(List.of("example.com/dev=x")))
                .isInstanceOf(Configuration.class)
                .hasMessageContaining("/etc/cdi/bad.json: not valid JSON");
        assertThat(registry().deviceNames()).containsExactly("nvidia.com/gpu=0", "nvidia.com/gpu=1", "nvidia.com/gpu=all");
    }

    @Test
    void malformedNameIsRefused()
    {
        assertThatThrownBy(() -> registry().resolve(List.of("nvidia.com/gpu")))
                .isInstanceOf(Configuration.class)
                .hasMessageContaining("not a CDI device name");
    }
}
