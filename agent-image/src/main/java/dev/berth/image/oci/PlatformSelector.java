package dev.berth.image.oci;

import static java.util.Objects.requireNonNull;

import dev.berth.core.platform.HostPlatform;
import dev.berth.core.spec.OsFamily;
import dev.berth.core.spec.PlatformSpec;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses an index's manifest for a platform: os and architecture from the spec, else the host's; the variant given
 * as {@code arch/variant} in the spec, else the usual one for the arch; for Windows, the os.version whose build
 * matches the spec's (else the host's), the highest revision of it.
 */
public final class PlatformSelector
{
    private final HostPlatform host;

    public PlatformSelector(HostPlatform host)
    {
        this.host = requireNonNull(host, "host is null");
    }

    /** The platform wanted, in index terms, for messages. */
    public String describe(PlatformSpec spec)
    {
        Wanted wanted = wanted(spec);
        return wanted.os + "/" + wanted.arch + wanted.variant.map(v -> "/" + v).orElse("") + wanted.build.map(b -> " build " + b).orElse("");
    }

    public Optional<Descriptor> select(ImageIndex index, PlatformSpec spec)
    {
        Wanted wanted = wanted(spec);
        List<Descriptor> candidates = index.manifests().stream()
                .filter(descriptor -> descriptor.platform().isPresent())
                .filter(descriptor -> descriptor.platform().get().os().equalsIgnoreCase(wanted.os))
                .filter(descriptor -> normalizeArch(descriptor.platform().get().architecture()).equals(wanted.arch))
                .toList();
        if (wanted.build.isPresent()) {
            String build = wanted.build.get();
            candidates = candidates.stream()
                    .filter(descriptor -> descriptor.platform().get().osVersion().map(HostPlatform::buildOf).map(build::equals).orElse(false))
                    .sorted(Comparator.comparing((Descriptor descriptor) -> revision(descriptor.platform().get().osVersion().get())).reversed())
                    .toList();
        }
        Optional<Descriptor> exactVariant = candidates.stream()
                .filter(descriptor -> descriptor.platform().get().variant().equals(wanted.variant))
                .findFirst();
        if (exactVariant.isPresent()) {
            return exactVariant;
        }
        if (wanted.variantGiven) {
            return Optional.empty();
        }
        return candidates.stream().findFirst();
    }

    private Wanted wanted(PlatformSpec spec)
    {
        String os = spec.os().map(OsFamily::ociName).orElse(host.os().ociName());
        String arch = spec.arch().orElse(host.arch());
        Optional<String> variant = Optional.empty();
        boolean variantGiven = false;
        int slash = arch.indexOf('/');
        if (slash >= 0) {
            variant = Optional.of(arch.substring(slash + 1));
            arch = arch.substring(0, slash);
            variantGiven = true;
        }
        arch = normalizeArch(arch);
        if (variant.isEmpty()) {
            variant = switch (arch) {
                case "arm64" -> Optional.of("v8");
                case "arm" -> Optional.of("v7");
                default -> Optional.empty();
            };
        }
        Optional<String> build = spec.osVersion().map(HostPlatform::buildOf);
        if (build.isEmpty() && os.equals("windows") && host.os() == OsFamily.WINDOWS) {
            build = host.buildNumber();
        }
        return new Wanted(os, arch, variant, variantGiven, build);
    }

    static String normalizeArch(String arch)
    {
        return switch (arch.toLowerCase(Locale.ROOT)) {
            case "x86_64", "x86-64" -> "amd64";
            case "aarch64" -> "arm64";
            case "armhf", "armel" -> "arm";
            case "i386", "i686" -> "386";
            default -> arch.toLowerCase(Locale.ROOT);
        };
    }

    private static long revision(String osVersion)
    {
        String[] parts = osVersion.split("\\.");
        try {
            return parts.length >= 4 ? Long.parseLong(parts[3]) : 0;
        }
        catch (NumberFormatException e) {
            return 0;
        }
    }

    private record Wanted(String os, String arch, Optional<String> variant, boolean variantGiven, Optional<String> build) {}
}
