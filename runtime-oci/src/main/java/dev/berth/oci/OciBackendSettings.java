package dev.berth.oci;

import static java.util.Objects.requireNonNull;

import dev.berth.core.runtime.BackendCapabilities;

import java.time.Duration;

/**
 * What tells one {@link OciBackend} from another besides its {@link ContainerHost}.
 *
 * @param name the backend's name ({@code youki}, {@code wsl2})
 * @param hostArch the architecture of the host the containers run on, in Go's words, for the seccomp profile
 * @param cgroupParent the cgroup every container's cgroup goes under
 */
public record OciBackendSettings(String name, String hostArch, String cgroupParent, Duration callTimeout, BackendCapabilities capabilities)
{
    public OciBackendSettings
    {
        requireNonNull(name, "name is null");
        requireNonNull(hostArch, "hostArch is null");
        requireNonNull(cgroupParent, "cgroupParent is null");
        requireNonNull(callTimeout, "callTimeout is null");
        requireNonNull(capabilities, "capabilities is null");
    }

    /** The container's cgroup path under the parent. */
    public String cgroupsPath(String id)
    {
        return (cgroupParent.endsWith("/") ? cgroupParent : cgroupParent + "/") + id;
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
