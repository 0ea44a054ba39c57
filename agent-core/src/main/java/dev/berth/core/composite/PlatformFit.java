package dev.berth.core.composite;

import dev.berth.core.error.WrongPlatform;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.runtime.ImagePlatform;
import dev.berth.core.spec.Isolation;
import dev.berth.core.spec.OsFamily;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether this host can run an image whose OS already fits: its architecture must be the host's (no emulation), and a
 * Windows image's build must be the host's for process isolation; an older build runs only Hyper-V isolated, on a host
 * with Hyper-V, and a newer build not at all. Pulls check it as soon as the index or the config names the platform,
 * and the composite checks it again before a create, so a mismatch is a {@link WrongPlatform}, never an
 * {@code exec format error} at start.
 */
public final class PlatformFit
{
    private PlatformFit() {}

    /** Why {@code host} cannot run {@code image} as {@code isolation}, as a signal; empty when it can. */
    public static Optional<WrongPlatform> check(HostPlatform host, ImagePlatform image, Isolation isolation, String checkedBy, String reference)
    {
        Optional<WrongPlatform> arch = checkArch(host, image.arch(), image.os(), checkedBy, reference);
        if (arch.isPresent()) {
            return arch;
        }
        if (host.os() != OsFamily.WINDOWS || !image.osFamily().equals(Optional.of(OsFamily.WINDOWS)) || image.osVersion().isEmpty()
                || host.buildNumber().isEmpty()) {
            return Optional.empty();
        }
        return checkBuild(host, image.osVersion().get(), isolation, checkedBy, reference);
    }

    /** Whether the host runs {@code arch} (OCI name, optionally {@code arch/variant}); the variant is not compared. */
    public static Optional<WrongPlatform> checkArch(HostPlatform host, String arch, String imageOs, String checkedBy, String reference)
    {
        String wanted = normalArch(arch);
        if (wanted.isEmpty() || wanted.equals(normalArch(host.arch()))) {
            return Optional.empty();
        }
        return Optional.of(new WrongPlatform(checkedBy, WrongPlatform.ARCH, normalArch(host.arch()), wanted, reference, imageOs,
                "this node does not emulate other architectures; the scheduler places it on a " + wanted + " node"));
    }

    /** Whether the host runs a Windows image of {@code osVersion} ({@code 10.0.26100.1234}) as {@code isolation}. */
    public static Optional<WrongPlatform> checkBuild(HostPlatform host, String osVersion, Isolation isolation, String checkedBy, String reference)
    {
        String imageBuild = HostPlatform.buildOf(osVersion);
        String hostBuild = host.buildNumber().orElseThrow();
        if (imageBuild.equals(hostBuild)) {
            return Optional.empty();
        }
        OptionalLong image = number(imageBuild);
        OptionalLong node = number(hostBuild);
        String detail;
        if (image.isPresent() && node.isPresent() && image.getAsLong() > node.getAsLong()) {
            detail = "an image of a newer Windows build than the host's runs in neither process nor Hyper-V isolation";
        }
        else if (isolation == Isolation.PROCESS) {
            detail = "process isolation runs only the host's own build, and the service asks for isolation: process";
        }
        else if (!host.hyperV()) {
            detail = "process isolation runs only the host's own build, and this node has no Hyper-V for hyperv isolation";
        }
        else {
            return Optional.empty();
        }
        return Optional.of(new WrongPlatform(checkedBy, WrongPlatform.BUILD, hostBuild, imageBuild, reference, OsFamily.WINDOWS.ociName(), detail));
    }

    /** OCI's name for an architecture, without a variant: {@code x86_64} is amd64, {@code aarch64/v8} is arm64. */
    public static String normalArch(String arch)
    {
        String lower = arch.toLowerCase(Locale.ROOT);
        int slash = lower.indexOf('/');
        String name = slash < 0 ? lower : lower.substring(0, slash);
        return switch (name) {
            case "x86_64", "x86-64", "x64" -> "amd64";
            case "aarch64" -> "arm64";
            case "armhf", "armel" -> "arm";
            case "i386", "i686" -> "386";
            default -> name;
        };
    }

    private static OptionalLong number(String build)
    {
        try {
            return OptionalLong.of(Long.parseLong(build));
        }
        catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
