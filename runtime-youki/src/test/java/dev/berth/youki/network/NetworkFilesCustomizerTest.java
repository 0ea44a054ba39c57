package dev.berth.youki.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.runtime.ImageConfig;
import dev.berth.core.spec.NetworkMode;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.oci.bundle.BundleRequest;
import dev.berth.oci.bundle.NetworkNamespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

class NetworkFilesCustomizerTest
{
    private final ObjectMapper mapper = new ObjectMapper();
    @TempDir
    Path state;

    @Test
    void mountsHostsAndResolvConfOfTheAttachment()
            throws IOException
    {
        TestingNetworkManager manager = new TestingNetworkManager();
        manager.put(new NetworkAttachment("c1", NetworkMode.BRIDGE, Optional.of(Path.of("/run/x")), Optional.of("10.253.0.9"),
                Optional.of("10.253.0.1"), List.of(), "nameserver 192.0.2.53\n"));
        ObjectNode config = mapper.createObjectNode().put("hostname", "web");
        config.putArray("mounts").addObject().put("destination", "/proc").put("type", "proc").put("source", "proc");

        customizer(manager).customize(request("c1"), config);

        JsonNode mounts = config.path("mounts");
        assertThat(mounts).hasSize(3);
        JsonNode hosts = mounts.get(1);
        assertThat(hosts.path("destination").asText()).isEqualTo("/etc/hosts");
        assertThat(hosts.path("type").asText()).isEqualTo("bind");
        assertThat(Files.readString(Path.of(hosts.path("source").asText()))).contains("10.253.0.9\tweb\n").contains("127.0.0.1\tlocalhost");
        JsonNode resolv = mounts.get(2);
        assertThat(resolv.path("destination").asText()).isEqualTo("/etc/resolv.conf");
        assertThat(Files.readString(Path.of(resolv.path("source").asText()))).isEqualTo("nameserver 192.0.2.53\n");
        assertThat(Path.of(resolv.path("source").asText())).startsWith(state.resolve("files").resolve("c1"));
    }

    @Test
    void aMountFromTheSpecWinsAndUnattachedContainersAreLeftAlone()
    {
        TestingNetworkManager manager = new TestingNetworkManager();
        manager.attach("c1", NetworkMode.NONE, List.of());
        ObjectNode config = mapper.createObjectNode();
        config.putArray("mounts").addObject().put("destination", "/etc/resolv.conf").put("type", "bind").put("source", "/srv/resolv.conf");

        customizer(manager).customize(request("c1"), config);
        ObjectNode untouched = mapper.createObjectNode();
        customizer(manager).customize(request("other"), untouched);

        assertThat(config.path("mounts").findValuesAsText("destination")).containsExactly("/etc/resolv.conf", "/etc/hosts");
        assertThat(config.path("mounts").get(0).path("source").asText()).isEqualTo("/srv/resolv.conf");
        assertThat(untouched.isEmpty()).isTrue();
    }

    private NetworkFilesCustomizer customizer(NetworkManager manager)
    {
        NetworkConfig config = new NetworkConfig(Path.of("/usr/lib/cni"), "berth", "berth0", Ipv4Subnet.parse("10.253.0.0/16"), state,
                Duration.ofSeconds(5), Path.of("/etc/resolv.conf"));
        return new NetworkFilesCustomizer(manager, config);
    }

    private static BundleRequest request(String id)
    {
        return new BundleRequest(id, ServiceSpec.of(id, "busybox:test", List.of()), ImageConfig.EMPTY, "/rootfs", NetworkNamespace.privateNamespace(),
                "/berth/" + id, Map.of(), "amd64");
    }
}
