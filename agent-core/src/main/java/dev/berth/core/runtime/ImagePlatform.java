package dev.berth.core.runtime;

import static java.util.Objects.requireNonNull;

import dev.berth.core.spec.OsFamily;

import java.util.Optional;

/** An image's platform as its config states it: os and arch in OCI's words, variant and os.version where set. */
public record ImagePlatform(String os, String arch, Optional<String> variant, Optional<String> osVersion)
{
    public ImagePlatform
    {
        requireNonNull(os, "os is null");
        requireNonNull(arch, "arch is null");
        requireNonNull(variant, "variant is null");
        requireNonNull(osVersion, "osVersion is null");
    }

    public static ImagePlatform of(String os, String arch)
    {
        return new ImagePlatform(os, arch, Optional.empty(), Optional.empty());
    }

    /** The OS family, or empty for an OS berth does not run (freebsd, …). */
    public Optional<OsFamily> osFamily()
    {
        return OsFamily.fromOciName(os);
    }
}
