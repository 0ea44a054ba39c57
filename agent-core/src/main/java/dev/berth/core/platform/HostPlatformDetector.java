package dev.berth.core.platform;

import static java.util.Objects.requireNonNull;

import dev.berth.core.spec.OsFamily;

import java.util.Locale;
import java.util.Optional;

/**
 * Detects the {@link HostPlatform}. WSL2 is decided by combining four signals, since none alone is reliable
 * (a custom kernel drops the release suffix, systemd distros hide {@code /run/WSL}, {@code WSL_INTEROP} is absent
 * in services, binfmt can be disabled): the kernel release containing {@code microsoft-standard},
 * {@code /run/WSL}, {@code WSL_INTEROP}, and the {@code WSLInterop} binfmt entry. Two or more mean WSL2.
 */
public final class HostPlatformDetector
{
    static final int WSL_SIGNALS_REQUIRED = 2;

    private final HostProbe probe;

    public HostPlatformDetector(HostProbe probe)
    {
        this.probe = requireNonNull(probe, "probe is null");
    }

    public HostPlatform detect()
    {
        String osName = probe.osName().toLowerCase(Locale.ROOT);
        String arch = ociArch(probe.osArch());
        if (osName.startsWith("windows")) {
            // the Hyper-V role installs its management service; without it no utility VM can be started
            String systemRoot = probe.env("SystemRoot").orElse("C:\\Windows");
            boolean hyperV = probe.exists(systemRoot + "\\System32\\vmms.exe");
            return new HostPlatform(OsFamily.WINDOWS, arch, "", Optional.of(probe.osVersion()), false, hyperV);
        }
        String kernel = probe.readFile("/proc/sys/kernel/osrelease").map(String::trim).orElse(probe.osVersion());
        return new HostPlatform(OsFamily.LINUX, arch, kernel, Optional.empty(), wslSignals(kernel) >= WSL_SIGNALS_REQUIRED);
    }

    int wslSignals(String kernel)
    {
        int signals = 0;
        if (kernel.toLowerCase(Locale.ROOT).contains("microsoft-standard")) {
            signals++;
        }
        if (probe.exists("/run/WSL")) {
            signals++;
        }
        if (probe.env("WSL_INTEROP").isPresent()) {
            signals++;
        }
        if (probe.exists("/proc/sys/fs/binfmt_misc/WSLInterop")) {
            signals++;
        }
        return signals;
    }

    /** The JVM's arch name in OCI's vocabulary. */
    public static String ociArch(String jvmArch)
    {
        return switch (jvmArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            case "arm" -> "arm";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> jvmArch.toLowerCase(Locale.ROOT);
        };
    }
}
