package dev.berth.youki.network;

import static java.util.Objects.requireNonNull;

import dev.berth.core.spec.PortSpec;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The sockets bound on this host, read from {@code /proc/net/{tcp,tcp6,udp,udp6}} of the agent's (the host's)
 * network namespace, and who holds them. A published port is a DNAT rule: it takes every new connection to the
 * host port away from whatever listens there, the agent's own API included, so a port in use must be refused.
 */
public final class HostSockets
{
    private static final String TCP_LISTEN = "0A";

    private final Path proc;
    private final long agentPid;

    /** @param proc the proc file system ({@code /proc}); @param agentPid this process, named as the agent when it holds a port */
    public HostSockets(Path proc, long agentPid)
    {
        this.proc = requireNonNull(proc, "proc is null");
        this.agentPid = agentPid;
    }

    public static HostSockets local()
    {
        return new HostSockets(Path.of("/proc"), ProcessHandle.current().pid());
    }

    /** A listening TCP or bound UDP socket: its address as the kernel prints it, and its inode. */
    record Bound(String protocol, InetAddress address, int port, long inode) {}

    /**
     * What holds the host socket {@code port} would take over, described for an error: {@code "pid 812 (nginx)"},
     * {@code "this berth agent (pid 77)"}, or {@code "a socket whose holder cannot be seen"}; empty when it is free.
     */
    public Optional<String> holder(PortSpec port)
    {
        for (Bound bound : bound(port.protocol())) {
            if (bound.port() == port.hostPort() && overlaps(port.hostIp(), bound.address())) {
                return Optional.of(describeHolder(bound));
            }
        }
        return Optional.empty();
    }

    List<Bound> bound(String protocol)
    {
        List<Bound> sockets = new ArrayList<>();
        for (String family : List.of("", "6")) {
            Path table = proc.resolve("net").resolve(protocol + family);
            List<String> lines;
            try {
                lines = Files.readAllLines(table, StandardCharsets.US_ASCII);
            }
            catch (IOException e) {
                // no IPv6, or a protocol the kernel does not list (sctp): nothing bound there to see
                continue;
            }
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                parse(protocol, line).ifPresent(sockets::add);
            }
        }
        return List.copyOf(sockets);
    }

    /** One row: {@code sl local_address rem_address st ... uid timeout inode}; TCP rows count only when listening. */
    static Optional<Bound> parse(String protocol, String line)
    {
        String[] fields = line.strip().split("\\s+");
        if (fields.length < 10 || (protocol.equals("tcp") && !fields[3].equals(TCP_LISTEN))) {
            return Optional.empty();
        }
        int colon = fields[1].indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        try {
            InetAddress address = InetAddress.getByAddress(addressBytes(fields[1].substring(0, colon)));
            return Optional.of(new Bound(protocol, address, Integer.parseInt(fields[1].substring(colon + 1), 16), Long.parseLong(fields[9])));
        }
        catch (IllegalArgumentException | UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** The kernel prints the address as 32-bit words in host byte order. */
    private static byte[] addressBytes(String hex)
    {
        if (hex.length() != 8 && hex.length() != 32) {
            throw new IllegalArgumentException("not an address: " + hex);
        }
        byte[] bytes = new byte[hex.length() / 2];
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int from = word * 8 + i * 2;
                byte value = (byte) Integer.parseInt(hex.substring(from, from + 2), 16);
                bytes[word * 4 + (little ? 3 - i : i)] = value;
            }
        }
        return bytes;
    }

    /** Whether a DNAT of {@code hostIp} (empty or 0.0.0.0: every address) catches traffic meant for {@code bound}. */
    static boolean overlaps(String hostIp, InetAddress bound)
    {
        if (PortRules.allAddresses(hostIp) || bound.isAnyLocalAddress()) {
            return true;
        }
        String address = bound.getHostAddress();
        // an IPv6 socket may hold an IPv4 address as ::ffff:a.b.c.d, which Java already turns into the IPv4 address
        return address.equals(hostIp);
    }

    private String describeHolder(Bound bound)
    {
        String socket = "socket:[" + bound.inode() + "]";
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, entry -> entry.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path process : processes) {
                if (holds(process, socket)) {
                    long pid = Long.parseLong(process.getFileName().toString());
                    if (pid == agentPid) {
                        return "this berth agent itself (pid " + pid + "; its own API port)";
                    }
                    return "pid " + pid + " (" + command(process) + ")";
                }
            }
        }
        catch (IOException e) {
            // fall through: the socket is bound, whoever holds it
        }
        return "a " + bound.protocol() + " socket on " + bound.address().getHostAddress() + " whose holder cannot be seen (inode " + bound.inode() + ")";
    }

    private static boolean holds(Path process, String socket)
    {
        try (Stream<Path> descriptors = Files.list(process.resolve("fd"))) {
            return descriptors.anyMatch(descriptor -> {
                try {
                    return Files.readSymbolicLink(descriptor).toString().equals(socket);
                }
                catch (IOException | UnsupportedOperationException e) {
                    return false;
                }
            });
        }
        catch (IOException e) {
            // gone, or not ours to read
            return false;
        }
    }

    /** The process's name, with anything that is not printable ASCII replaced: it reaches error messages and terminals. */
    private static String command(Path process)
    {
        try {
            String name = Files.readString(process.resolve("comm"), StandardCharsets.UTF_8).strip();
            StringBuilder clean = new StringBuilder();
            name.chars().forEach(c -> clean.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
            return clean.toString();
        }
        catch (IOException e) {
            return "?";
        }
    }
}
