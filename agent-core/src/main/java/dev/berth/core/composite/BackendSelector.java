package dev.berth.core.composite;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.InvalidSpec;
import dev.berth.core.error.RouteToPeer;
import dev.berth.core.error.WrongPlatform;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.runtime.ImagePlatform;
import dev.berth.core.spec.Isolation;
import dev.berth.core.spec.OsFamily;
import dev.berth.core.spec.ServiceSpec;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which backend runs a workload, in this order:
 * <ol>
 * <li>an explicit runtime ({@code runtime:} or the {@code berth.runtime} label), or an explicit Windows isolation
 *     ({@code process}/{@code hyperv}, which implies Windows);</li>
 * <li>{@code spec.platform.os};</li>
 * <li>the OS in the pulled image's config;</li>
 * <li>the host's own OS, or, when no active backend serves it, the one OS the active backends serve.</li>
 * </ol>
 * The first rule that names an OS decides it; then the first active backend serving that OS runs it. When no
 * active backend serves it, the answer is {@link RouteToPeer}; when the image's OS contradicts the decided OS, or its
 * architecture or Windows build is one this host cannot run ({@link PlatformFit}), it is {@link WrongPlatform}.
 */
public final class BackendSelector
{
    private final HostPlatform host;
    /** Active backends in preference order, with the OSes each serves. */
    private final Map<String, Set<OsFamily>> active;
    /** Every known backend (active or not) and the OSes it would serve, for explicit-runtime requests. */
    private final Map<String, Set<OsFamily>> known;

    public BackendSelector(HostPlatform host, Map<String, Set<OsFamily>> active, Map<String, Set<OsFamily>> known)
    {
        this.host = requireNonNull(host, "host is null");
        this.active = new LinkedHashMap<>(requireNonNull(active, "active is null"));
        Map<String, Set<OsFamily>> all = new LinkedHashMap<>(requireNonNull(known, "known is null"));
        all.putAll(active);
        this.known = all;
    }

    public Placement select(ServiceSpec spec, Optional<ImagePlatform> image)
    {
        Optional<String> runtime = spec.explicitRuntime();
        if (runtime.isPresent()) {
            return explicitRuntime(spec, runtime.get(), image);
        }
        OsFamily os;
        String rule;
        if (spec.isolation() != Isolation.AUTO) {
            os = OsFamily.WINDOWS;
            rule = "isolation " + spec.isolation().name().toLowerCase() + " implies windows";
        }
        else if (spec.platform().os().isPresent()) {
            os = spec.platform().os().get();
            rule = "platform.os";
        }
        else if (image.isPresent() && image.get().osFamily().isPresent()) {
            os = image.get().osFamily().get();
            rule = "image os";
        }
        else if (onlyOsServedHere().filter(served -> served != host.os()).isPresent()) {
            // a Windows node whose only backend is the WSL2 delegate: its OS, not the host's, is what it can run
            os = onlyOsServedHere().get();
            rule = "the only OS this node serves";
        }
        else {
            os = host.os();
            rule = "host default";
        }
        Optional<String> backend = active.entrySet().stream().filter(entry -> entry.getValue().contains(os)).map(Map.Entry::getKey).findFirst();
        if (backend.isEmpty()) {
            return new Placement.Elsewhere(new RouteToPeer(spec.name(), os.ociName(), noBackendReason(os, rule)));
        }
        return checkImage(spec, backend.get(), os, rule, image);
    }

    private Placement explicitRuntime(ServiceSpec spec, String runtime, Optional<ImagePlatform> image)
    {
        Set<OsFamily> served = known.get(runtime);
        if (served == null) {
            throw new InvalidSpec("runtime: unknown backend '" + runtime + "' (known: " + String.join(", ", known.keySet()) + ")");
        }
        OsFamily os = spec.platform().os().filter(served::contains)
                .or(() -> image.flatMap(ImagePlatform::osFamily).filter(served::contains))
                .orElse(served.iterator().next());
        if (!active.containsKey(runtime)) {
            return new Placement.Elsewhere(new RouteToPeer(spec.name(), os.ociName(),
                    "runtime '" + runtime + "' was asked for explicitly and is not active on this " + host.os() + " node"));
        }
        return checkImage(spec, runtime, os, "explicit runtime", image);
    }

    private Placement checkImage(ServiceSpec spec, String backend, OsFamily os, String rule, Optional<ImagePlatform> image)
    {
        if (image.isPresent() && !image.get().os().equals(os.ociName())) {
            return new Placement.Elsewhere(new WrongPlatform(backend, os.ociName(), image.get().os(), spec.image()));
        }
        // the rest of the platform: what the spec asks for before the pull, what the image is after it
        Optional<WrongPlatform> misfit = spec.platform().arch()
                .flatMap(arch -> PlatformFit.checkArch(host, arch, os.ociName(), backend, spec.image()));
        if (misfit.isEmpty() && os == OsFamily.WINDOWS && host.os() == OsFamily.WINDOWS && host.buildNumber().isPresent()) {
            misfit = spec.platform().osVersion().flatMap(version -> PlatformFit.checkBuild(host, version, spec.isolation(), backend, spec.image()));
        }
        if (misfit.isEmpty() && image.isPresent()) {
            misfit = PlatformFit.check(host, image.get(), spec.isolation(), backend, spec.image());
        }
        if (misfit.isPresent()) {
            return new Placement.Elsewhere(misfit.get());
        }
        return new Placement.Here(backend, os, rule);
    }

    /** The one OS the active backends serve, when they serve exactly one. */
    private Optional<OsFamily> onlyOsServedHere()
    {
        Set<OsFamily> served = EnumSet.noneOf(OsFamily.class);
        active.values().forEach(served::addAll);
        return served.size() == 1 ? Optional.of(served.iterator().next()) : Optional.empty();
    }

    private String noBackendReason(OsFamily os, String rule)
    {
        String decided = "the workload is " + os + " (" + rule + ")";
        if (host.os() == OsFamily.WINDOWS && os == OsFamily.LINUX) {
            return decided + " and this Windows node has no Linux backend. Remedies: enable the WSL2 delegate on this node "
                    + "(runtime.backends including wsl2, with runtime.wsl2.distro set), or add a linux peer to the cluster";
        }
        if (os == OsFamily.WINDOWS && host.os() != OsFamily.WINDOWS) {
            return decided + " and this is a " + host.os() + " node. Remedy: add a windows peer to the cluster";
        }
        return decided + " and no active backend on this node serves " + os + " (active: " + String.join(", ", active.keySet())
                + "). Remedy: enable a backend for " + os + " on this node, or add a " + os + " peer to the cluster";
    }
}
