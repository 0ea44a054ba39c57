package dev.berth.youki.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.spec.NetworkMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

class ResolvConfTest
{
    @Test
    void ownNamespacesLoseLoopbackNameservers(@TempDir Path directory)
            throws IOException
    {
        Path host = Files.writeString(directory.resolve("resolv.conf"), "search example.org\nnameserver 127.0.0.53\nnameserver 192.0.2.53\n");

        assertThat(ResolvConf.forContainer(host, NetworkMode.BRIDGE)).isEqualTo("search example.org\nnameserver 192.0.2.53\n");
        assertThat(ResolvConf.forContainer(host, NetworkMode.HOST)).contains("nameserver 127.0.0.53");
    }

    @Test
    void missingHostFileGivesNoNameservers(@TempDir Path directory)
    {
        assertThat(ResolvConf.forContainer(directory.resolve("absent"), NetworkMode.BRIDGE)).isEmpty();
    }
}
