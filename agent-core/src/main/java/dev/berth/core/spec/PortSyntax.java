package dev.berth.core.spec;

import java.util.Optional;

/** The short port syntax: {@code 8080}, {@code 18080:8080}, {@code 127.0.0.1:18080:8080/tcp}. */
final class PortSyntax
{
    private PortSyntax() {}

    static Optional<PortSpec> parse(String text, String path, SpecProblems problems)
    {
        String protocol = "tcp";
        String body = text;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            protocol = text.substring(slash + 1);
            body = text.substring(0, slash);
            if (!protocol.equals("tcp") && !protocol.equals("udp")) {
                problems.add(path, "\"" + text + "\": protocol \"" + protocol + "\" is not one of tcp|udp");
                return Optional.empty();
            }
        }
        String[] parts = body.split(":");
        try {
            return switch (parts.length) {
                case 1 -> Optional.of(new PortSpec(port(parts[0], 1), 0, protocol, "127.0.0.1"));
                case 2 -> Optional.of(new PortSpec(port(parts[1], 1), port(parts[0], 1), protocol, "127.0.0.1"));
                case 3 -> Optional.of(new PortSpec(port(parts[2], 1), port(parts[1], 1), protocol, parts[0]));
                default -> throw new NumberFormatException();
            };
        }
        catch (NumberFormatException e) {
            problems.add(path, "\"" + text + "\" is not [HOST_IP:]HOST_PORT:CONTAINER_PORT[/tcp|udp] with ports in 1..65535");
            return Optional.empty();
        }
    }

    private static int port(String text, int min)
    {
        int port = Integer.parseInt(text.trim());
        if (port < min || port > 65535) {
            throw new NumberFormatException();
        }
        return port;
    }
}
