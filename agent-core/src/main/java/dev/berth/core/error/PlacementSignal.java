package dev.berth.core.error;

/**
 * A node's answer that it cannot host a workload, for the scheduler to act on by placing it elsewhere.
 * Never a failure, and never wrapped into one.
 */
public sealed interface PlacementSignal
        permits RouteToPeer, WrongPlatform
{
    AgentError asError();
}
