package dev.berth.youki.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.spec.NetworkMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

class NetworkFilesTest
{
    @TempDir
    Path directory;

    @Test
    void hostNetworkGetsTheHostsHostsFileAndOthersTheirOwn()
            throws IOException
    {
        Path hostHosts = Files.writeString(directory.resolve("host-hosts"), "127.0.0.1 localhost\n192.0.2.7 registry.internal\n");
        NetworkFiles files = new NetworkFiles(directory.resolve("files"), hostHosts);

        Map<String, Path> host = files.write(attachment("h", NetworkMode.HOST, Optional.empty()), "web");
        Map<String, Path> bridge = files.write(attachment("b", NetworkMode.BRIDGE, Optional.of("10.253.0.4")), "web");

        assertThat(host.keySet()).containsExactly("/etc/hosts", "/etc/resolv.conf");
        assertThat(Files.readString(host.get("/etc/hosts"))).contains("192.0.2.7 registry.internal");
        assertThat(Files.readString(bridge.get("/etc/hosts"))).contains("10.253.0.4\tweb\n").doesNotContain("registry.internal");
        assertThat(Files.readString(bridge.get("/etc/resolv.conf"))).isEqualTo("nameserver 192.0.2.53\n");
    }

    @Test
    void deleteRemovesTheContainersFilesAndToleratesNone()
    {
        NetworkFiles files = new NetworkFiles(directory.resolve("files"), directory.resolve("absent"));
        Path hosts = files.write(attachment("b", NetworkMode.NONE, Optional.empty()), "").get("/etc/hosts");

        files.delete("b");
        files.delete("b");

        assertThat(hosts.getParent()).doesNotExist();
    }

    private static NetworkAttachment attachment(String id, NetworkMode mode, Optional<String> address)
    {
        return new NetworkAttachment(id, mode, Optional.empty(), address, Optional.empty(), List.of(), "nameserver 192.0.2.53\n");
    }
}
