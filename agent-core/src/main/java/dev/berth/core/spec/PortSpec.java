package dev.berth.core.spec;

import static java.util.Objects.requireNonNull;

/**
 * A container port, optionally published on the host. {@code hostPort} 0 means not published.
 */
public record PortSpec(int containerPort, int hostPort, String protocol, String hostIp)
{
    public PortSpec
    {
        requireNonNull(protocol, "protocol is null");
        requireNonNull(hostIp, "hostIp is null");
    }

    public boolean published()
    {
        return hostPort != 0;
    }
}
