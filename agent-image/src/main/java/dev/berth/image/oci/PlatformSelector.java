package dev.berth.image.oci;

import static java.util.Objects.requireNonNull;

import dev.berth.core.composite.PlatformFit;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.PullFailed;
import dev.berth.core.error.WrongPlatform;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.spec.Isolation;
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
    private static final String PULL = "pull";

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

    /**
     * Why the index has nothing for the platform wanted, as a placement signal when it holds the image for another OS,
     * architecture or Windows build (another node may run it), else a {@link PullFailed}.
     */
    public AgentError refusal(ImageIndex index, PlatformSpec spec, String image)
    {
        Wanted wanted = wanted(spec);
        List<Platform> platforms = index.manifests().stream().flatMap(descriptor -> descriptor.platform().stream()).toList();
        List<Platform> sameOs = platforms.stream().filter(platform -> platform.os().equalsIgnoreCase(wanted.os)).toList();
        List<Platform> sameArch = sameOs.stream().filter(platform -> normalizeArch(platform.architecture()).equals(wanted.arch)).toList();
        String offered = String.join(", ", platforms.stream().map(Platform::toString).toList());
        // what the spec itself asks for and the image lacks, no node can pull: only what the host filled in is a signal
        if (!platforms.isEmpty() && sameOs.isEmpty() && spec.os().isEmpty()) {
            List<String> oses = platforms.stream().map(platform -> platform.os().toLowerCase(Locale.ROOT)).distinct().toList();
            return new WrongPlatform(PULL, wanted.os, String.join("|", oses), image);
        }
        if (!sameOs.isEmpty() && sameArch.isEmpty() && spec.arch().isEmpty()) {
            List<String> arches = sameOs.stream().map(platform -> normalizeArch(platform.architecture())).distinct().toList();
            return new WrongPlatform(PULL, WrongPlatform.ARCH, wanted.arch, String.join("|", arches), image, wanted.os,
                    "the index has " + offered);
        }
        if (wanted.build.isPresent() && !sameArch.isEmpty() && spec.osVersion().isEmpty()) {
            List<String> builds = sameArch.stream().flatMap(platform -> platform.osVersion().stream()).map(HostPlatform::buildOf).distinct().toList();
            return new WrongPlatform(PULL, WrongPlatform.BUILD, wanted.build.get(), builds.isEmpty() ? "none" : String.join("|", builds), image,
                    wanted.os, "the index has " + offered);
        }
        return new PullFailed(image, "the index has no manifest for " + describe(spec) + "; it has " + index.manifests().stream()
                .map(descriptor -> descriptor.platform().map(Object::toString).orElse("(no platform)")).toList());
    }

    /**
     * Whether this host runs the image its config describes, checked before any layer is fetched: its architecture
     * (unless the spec asked for that one: a pull for another node) and, for Windows, its build.
     */
    public Optional<WrongPlatform> misfit(Platform config, PlatformSpec spec, String image)
    {
        Wanted wanted = wanted(spec);
        if (!normalizeArch(config.architecture()).equals(wanted.arch)) {
            return Optional.of(new WrongPlatform(PULL, WrongPlatform.ARCH, wanted.arch, normalizeArch(config.architecture()), image,
                    config.os(), "the image's config says " + config));
        }
        if (spec.osVersion().isEmpty() && config.os().equalsIgnoreCase("windows") && host.os() == OsFamily.WINDOWS
                && host.buildNumber().isPresent() && config.osVersion().isPresent()) {
            return PlatformFit.checkBuild(host, config.osVersion().get(), Isolation.AUTO, PULL, image);
        }
        return Optional.empty();
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
