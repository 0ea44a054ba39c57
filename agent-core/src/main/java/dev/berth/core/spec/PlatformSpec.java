package dev.berth.core.spec;

import java.util.Optional;

/**
 * The platform a service asks for. Every part is optional: an absent OS lets the image config, then the host, decide.
 */
public record PlatformSpec(Optional<OsFamily> os, Optional<String> arch, Optional<String> osVersion)
{
    public static final PlatformSpec ANY = new PlatformSpec(Optional.empty(), Optional.empty(), Optional.empty());

    public PlatformSpec
    {
        java.util.Objects.requireNonNull(os, "os is null");
        java.util.Objects.requireNonNull(arch, "arch is null");
        java.util.Objects.requireNonNull(osVersion, "osVersion is null");
    }
}
