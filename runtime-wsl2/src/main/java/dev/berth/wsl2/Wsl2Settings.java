package dev.berth.wsl2;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The delegate's own knobs.
 *
 * @param hostArch the distro's architecture in Go's words, for the seccomp profile
 */
public record Wsl2Settings(String distro, String hostArch, String cgroupParent, Duration callTimeout)
{
    public Wsl2Settings
    {
        requireNonNull(distro, "distro is null");
        requireNonNull(hostArch, "hostArch is null");
        requireNonNull(cgroupParent, "cgroupParent is null");
        requireNonNull(callTimeout, "callTimeout is null");
    }
}
