package dev.berth.gpu.edit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;

class OciConfigEditorTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode config() throws Exception
    {
        return (ObjectNode) JSON.readTree("""
                {"ociVersion": "1.0.2",
                 "process": {"env": ["PATH=/usr/bin", "LD_LIBRARY_PATH=/old"], "user": {"uid": 0, "gid": 0}},
                 "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"},
                            {"destination": "/dev/shm", "type": "tmpfs", "source": "shm", "options": ["size=65536k"]}],
                 "linux": {"namespaces": [{"type": "pid"}, {"type": "ipc"}, {"type": "mount"}],
                           "resources": {"devices": [{"allow": false, "access": "rwm"}]}}}
                """);
    }

    @Test
    void appliesEnvDevicesMountsHooksAndGroups() throws Exception
    {
        ObjectNode config = config();
        OciConfigEditor.apply(config, new ContainerEdits(
                List.of("LD_LIBRARY_PATH=/usr/lib/wsl/lib", "NEW=1"),
                List.of(DeviceNode.character("/dev/dxg", 10, 63)),
                List.of(MountEdit.bind("/usr/lib/wsl", "/usr/lib/wsl", true)),
                List.of(new HookEdit("createContainer", "/usr/bin/hook", List.of("hook", "x"), List.of("A=b"), OptionalInt.of(5))),
                List.of(44, 0), false));
        assertThat(config.at("/process/env").toString()).isEqualTo("[\"PATH=/usr/bin\",\"LD_LIBRARY_PATH=/usr/lib/wsl/lib\",\"NEW=1\"]");
        assertThat(config.at("/linux/devices").toString()).isEqualTo("[{\"path\":\"/dev/dxg\",\"type\":\"c\",\"major\":10,\"minor\":63}]");
        // the allow rule comes after the default deny, as the device cgroup reads them in order
        assertThat(config.at("/linux/resources/devices/1").toString())
                .isEqualTo("{\"allow\":true,\"type\":\"c\",\"major\":10,\"minor\":63,\"access\":\"rwm\"}");
        assertThat(config.at("/mounts/2").toString())
                .isEqualTo("{\"destination\":\"/usr/lib/wsl\",\"type\":\"bind\",\"source\":\"/usr/lib/wsl\",\"options\":[\"rbind\",\"nosuid\",\"ro\"]}");
        assertThat(config.at("/hooks/createContainer/0").toString())
                .isEqualTo("{\"path\":\"/usr/bin/hook\",\"args\":[\"hook\",\"x\"],\"env\":[\"A=b\"],\"timeout\":5}");
        assertThat(config.at("/process/user/additionalGids").toString()).isEqualTo("[44]");
        assertThat(config.at("/linux/namespaces").size()).isEqualTo(3);
    }

    @Test
    void hostIpcLeavesTheIpcNamespaceAndSharesDevShm() throws Exception
    {
        ObjectNode config = config();
        OciConfigEditor.apply(config, new ContainerEdits(List.of(), List.of(), List.of(), List.of(), List.of(), true));
        assertThat(config.at("/linux/namespaces").toString()).isEqualTo("[{\"type\":\"pid\"},{\"type\":\"mount\"}]");
        assertThat(config.at("/mounts").size()).isEqualTo(2);
        assertThat(config.at("/mounts/1/source").asText()).isEqualTo("/dev/shm");
        assertThat(config.at("/mounts/1/type").asText()).isEqualTo("bind");
    }

    @Test
    void aMountAtTheSameDestinationIsReplacedAndNoEditsChangeNothing() throws Exception
    {
        ObjectNode config = config();
        OciConfigEditor.apply(config, ContainerEdits.NONE);
        assertThat(config).isEqualTo(config());
        OciConfigEditor.apply(config, new ContainerEdits(List.of(), List.of(), List.of(MountEdit.bind("/host/proc", "/proc", true)), List.of(), List.of(), false));
        assertThat(config.at("/mounts").size()).isEqualTo(2);
        assertThat(config.at("/mounts/1/source").asText()).isEqualTo("/host/proc");
    }
}
