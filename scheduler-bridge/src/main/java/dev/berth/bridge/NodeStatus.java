package dev.berth.bridge;

/** A node's state in the cluster: {@code DOWN} is never published by the node itself but seen when its lease is gone. */
public enum NodeStatus
{
    READY,
    DRAINING,
    DOWN
}
