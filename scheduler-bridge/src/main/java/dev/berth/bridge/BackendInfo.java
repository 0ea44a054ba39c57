package dev.berth.bridge;

import static java.util.Objects.requireNonNull;

import dev.berth.core.spec.OsFamily;

import java.util.Set;

/** A backend usable on a node and the workload OSes it serves (a Windows node's wsl2 delegate serves linux). */
public record BackendInfo(String name, Set<OsFamily> os)
{
    public BackendInfo
    {
        requireNonNull(name, "name is null");
        os = Set.copyOf(requireNonNull(os, "os is null"));
    }
}
