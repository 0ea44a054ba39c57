package dev.berth.hcs.document;

/** How a container is isolated once {@code auto} is resolved. */
public enum IsolationMode
{
    PROCESS,
    HYPERV
}
