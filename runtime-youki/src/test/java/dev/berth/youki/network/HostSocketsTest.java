package dev.berth.youki.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.spec.PortSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** The /proc/net tables as the kernel prints them (x86-64, little-endian words). */
class HostSocketsTest
{
    private static final String TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

    @TempDir
    Path proc;

    @Test
    void listeningSocketsAreFoundByAddressAndPort()
            throws IOException
    {
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("net/tcp"), TCP_HEADER
                // 127.0.0.1:17878 listening, inode 4242
                + "   0: 0100007F:45D6 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0\n"
                // 10.0.0.5:2000 established, not listening: does not count
                + "   1: 0500000A:07D0 0600000A:E7E8 01 00000000:00000000 00:00000000 00000000     0        0 4343 1 0000000000000000 100 0 0 10 0\n");
        Files.writeString(proc.resolve("net/tcp6"), TCP_HEADER
                // [::]:9000 listening
                + "   0: 00000000000000000000000000000000:2328 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5151 1 0000000000000000 100 0 0 10 0\n");
        HostSockets sockets = new HostSockets(proc, 1);

        assertThat(sockets.holder(new PortSpec(80, 17878, "tcp", ""))).hasValueSatisfying(holder -> assertThat(holder).contains("inode 4242"));
        assertThat(sockets.holder(new PortSpec(80, 17878, "tcp", "127.0.0.1"))).isPresent();
        // a DNAT of another address leaves the loopback listener alone
        assertThat(sockets.holder(new PortSpec(80, 17878, "tcp", "192.0.2.7"))).isEmpty();
        assertThat(sockets.holder(new PortSpec(80, 17878, "udp", ""))).isEmpty();
        assertThat(sockets.holder(new PortSpec(80, 2000, "tcp", ""))).isEmpty();
        // the IPv6 wildcard takes IPv4 connections too
        assertThat(sockets.holder(new PortSpec(80, 9000, "tcp", "192.0.2.7"))).hasValueSatisfying(holder -> assertThat(holder).contains("inode 5151"));
    }

    @Test
    void holderIsTheProcessWithTheSocketOpen()
            throws IOException
    {
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("net/udp"), TCP_HEADER
                + "   0: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 777 2 0000000000000000 0\n");
        Files.createDirectories(proc.resolve("31/fd"));
        Files.writeString(proc.resolve("31/comm"), "dns\u001b]0;x\n");
        Files.createSymbolicLink(proc.resolve("31/fd/3"), Path.of("socket:[777]"));
        Files.createDirectories(proc.resolve("77/fd"));
        Files.createSymbolicLink(proc.resolve("77/fd/9"), Path.of("socket:[778]"));

        assertThat(new HostSockets(proc, 77).holder(new PortSpec(53, 53, "udp", ""))).contains("pid 31 (dns?]0;x)");
        Files.delete(proc.resolve("77/fd/9"));
        Files.createSymbolicLink(proc.resolve("77/fd/9"), Path.of("socket:[777]"));
        Files.delete(proc.resolve("31/fd/3"));
        assertThat(new HostSockets(proc, 77).holder(new PortSpec(53, 53, "udp", ""))).contains("this berth agent itself (pid 77; its own API port)");
    }

    @Test
    void mappedAndWildcardAddressesOverlap()
            throws IOException
    {
        assertThat(HostSockets.overlaps("", InetAddress.getByName("10.1.1.1"))).isTrue();
        assertThat(HostSockets.overlaps("10.1.1.1", InetAddress.getByName("0.0.0.0"))).isTrue();
        assertThat(HostSockets.overlaps("10.1.1.1", InetAddress.getByName("::ffff:10.1.1.1"))).isTrue();
        assertThat(HostSockets.overlaps("10.1.1.1", InetAddress.getByName("10.1.1.2"))).isFalse();
    }
}
