package dev.berth.youki.network;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.berth.core.spec.NetworkMode;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The container's {@code /etc/resolv.conf}, derived from the host's. In its own namespace a container cannot reach a
 * resolver the host runs on loopback (systemd-resolved's 127.0.0.53, a local dnsmasq), so such nameservers are left
 * out there; with the host's network the file is used as it is.
 */
public final class ResolvConf
{
    private static final Logger log = LogManager.getLogger(ResolvConf.class);

    private ResolvConf() {}

    public static String forContainer(Path hostFile, NetworkMode mode)
    {
        String host;
        try {
            host = Files.readString(hostFile, UTF_8);
        }
        catch (IOException e) {
            log.warn("cannot read {} ({}); containers get no nameservers", hostFile, e.getMessage());
            return "";
        }
        return switch (mode) {
            case HOST -> host;
            case NONE, BRIDGE -> withoutLoopbackNameservers(host);
        };
    }

    static String withoutLoopbackNameservers(String text)
    {
        StringBuilder kept = new StringBuilder();
        for (String line : text.split("\n")) {
            String[] words = line.strip().split("\\s+");
            if (words.length >= 2 && words[0].equals("nameserver") && isLoopback(words[1])) {
                continue;
            }
            kept.append(line).append('\n');
        }
        return kept.toString();
    }

    private static boolean isLoopback(String address)
    {
        return address.startsWith("127.") || address.equals("::1");
    }
}
