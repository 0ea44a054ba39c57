package dev.berth.oci.bundle;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * Node policy the bundle builder enforces: host roots binds may come from, whether specs may relax hardening, and
 * the pids limit of a container whose spec sets none (0: none).
 */
public record BundlePolicy(List<Path> allowedBindRoots, boolean allowHardeningOptOut, long defaultPidsLimit)
{
    /** Far above what a service runs, far below what takes a host's pid space (a fork bomb stops here). */
    public static final long DEFAULT_PIDS_LIMIT = 4096;

    public BundlePolicy
    {
        allowedBindRoots = List.copyOf(requireNonNull(allowedBindRoots, "allowedBindRoots is null"));
        if (defaultPidsLimit < 0) {
            throw new IllegalArgumentException("defaultPidsLimit must not be negative: " + defaultPidsLimit);
        }
    }

    public BundlePolicy(List<Path> allowedBindRoots, boolean allowHardeningOptOut)
    {
        this(allowedBindRoots, allowHardeningOptOut, DEFAULT_PIDS_LIMIT);
    }
}
