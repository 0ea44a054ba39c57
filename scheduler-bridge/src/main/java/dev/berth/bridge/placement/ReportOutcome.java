package dev.berth.bridge.placement;

/** What a node reported about its assignment. */
public enum ReportOutcome
{
    RUNNING,
    /** A placement signal: exclude this node for this generation. */
    SIGNAL,
    FAILED
}
