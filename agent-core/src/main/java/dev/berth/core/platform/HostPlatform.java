package dev.berth.core.platform;

import static java.util.Objects.requireNonNull;

import dev.berth.core.spec.OsFamily;

import java.util.Optional;

/**
 * What this node is: OS family, architecture (OCI names: amd64, arm64), kernel release, Windows build
 * (e.g. {@code 10.0.20348}), whether it is a WSL2 guest and, on Windows, whether it has Hyper-V (which lets it run
 * a container image of an older Windows build, Hyper-V isolated).
 */
public record HostPlatform(OsFamily os, String arch, String kernel, Optional<String> windowsBuild, boolean wsl2, boolean hyperV)
{
    public HostPlatform
    {
        requireNonNull(os, "os is null");
        requireNonNull(arch, "arch is null");
        requireNonNull(kernel, "kernel is null");
        requireNonNull(windowsBuild, "windowsBuild is null");
    }

    /** A host without Hyper-V. */
    public HostPlatform(OsFamily os, String arch, String kernel, Optional<String> windowsBuild, boolean wsl2)
    {
        this(os, arch, kernel, windowsBuild, wsl2, false);
    }

    public HostPlatform withHyperV(boolean available)
    {
        return new HostPlatform(os, arch, kernel, windowsBuild, wsl2, available);
    }

    public static HostPlatform linux(String arch)
    {
        return new HostPlatform(OsFamily.LINUX, arch, "", Optional.empty(), false);
    }

    public static HostPlatform windows(String arch, String build)
    {
        return new HostPlatform(OsFamily.WINDOWS, arch, "", Optional.of(build), false);
    }

    /** The build number alone ({@code 20348} of {@code 10.0.20348}), for comparing with an image's os.version. */
    public Optional<String> buildNumber()
    {
        return windowsBuild.map(HostPlatform::buildOf);
    }

    /** The third dotted part of a Windows version string, or the whole string when it has fewer parts. */
    public static String buildOf(String version)
    {
        String[] parts = version.split("\\.");
        return parts.length >= 3 ? parts[2] : version;
    }
}
