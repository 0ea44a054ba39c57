package dev.berth.oci.bundle;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * Node policy the bundle builder enforces: host roots binds may come from, and whether specs may relax hardening.
 */
public record BundlePolicy(List<Path> allowedBindRoots, boolean allowHardeningOptOut)
{
    public BundlePolicy
    {
        allowedBindRoots = List.copyOf(requireNonNull(allowedBindRoots, "allowedBindRoots is null"));
    }
}
