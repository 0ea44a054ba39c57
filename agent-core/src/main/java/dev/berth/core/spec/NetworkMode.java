package dev.berth.core.spec;

/** {@code NONE}: only loopback. {@code BRIDGE}: a namespace on the node's bridge, ports published. {@code HOST}: the host's. */
public enum NetworkMode
{
    NONE,
    BRIDGE,
    HOST
}
