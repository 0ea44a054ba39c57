package dev.berth.youki.network;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.berth.core.error.Network;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernel drops packets with a 127.0.0.0/8 source once they leave the loopback device unless the outgoing
 * interface has {@code route_localnet}. Publishing on 127.0.0.1 needs it on the bridge, together with portmap's
 * masquerade of the loopback source (its {@code snat} option). portmap sets the flag itself; berth makes sure of it,
 * so loopback publishing does not hinge on one plugin version's behaviour.
 */
final class LocalnetRouting
{
    private static final Logger log = LogManager.getLogger(LocalnetRouting.class);
    private static final Path SYSCTL_IPV4_CONF = Path.of("/proc/sys/net/ipv4/conf");

    private LocalnetRouting() {}

    /** @throws Network when the setting cannot be read or written */
    static void enable(String bridge)
    {
        Path setting = SYSCTL_IPV4_CONF.resolve(bridge).resolve("route_localnet");
        try {
            if (!Files.readString(setting, UTF_8).strip().equals("1")) {
                Files.writeString(setting, "1", UTF_8);
                log.info("enabled {} so ports published on 127.0.0.1 reach containers", setting);
            }
        }
        catch (IOException e) {
            throw new Network("cannot enable " + setting + " for ports published on 127.0.0.1: " + e.getMessage(), e);
        }
    }
}
