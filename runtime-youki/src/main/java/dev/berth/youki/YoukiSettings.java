package dev.berth.youki;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The backend's own knobs, derived from {@link dev.berth.youki.config.YoukiConfig} and the host.
 *
 * @param hostArch the host architecture in Go's words, for the seccomp profile
 * @param gpuCustomizers whether an OCI config customizer that provides GPUs is installed
 */
public record YoukiSettings(String hostArch, String cgroupParent, Duration callTimeout, boolean gpuCustomizers)
{
    public YoukiSettings
    {
        requireNonNull(hostArch, "hostArch is null");
        requireNonNull(cgroupParent, "cgroupParent is null");
        requireNonNull(callTimeout, "callTimeout is null");
    }

    /** The JVM's {@code os.arch} in Go's words. */
    public static String goArch(String javaArch)
    {
        return switch (javaArch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> javaArch;
        };
    }
}
