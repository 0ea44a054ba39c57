package dev.berth.oci.bundle;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.error.Internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * The default seccomp profile: a copy of containers-common's {@code seccomp.json} (the profile Podman and CRI-O
 * use, Apache-2.0, from Debian's golang-github-containers-common 0.50.1) shipped as a resource, turned into the OCI
 * runtime-spec form for one architecture and capability set the way containers-common does: a rule applies when
 * every {@code includes} condition holds (arch listed, caps granted) and no {@code excludes} condition does.
 */
public final class SeccompProfile
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String RESOURCE = "containers-common-seccomp.json";

    private final JsonNode profile;

    private SeccompProfile(JsonNode profile)
    {
        this.profile = requireNonNull(profile, "profile is null");
    }

    public static SeccompProfile containersDefault()
    {
        try (InputStream stream = SeccompProfile.class.getResourceAsStream(RESOURCE)) {
            if (stream == null) {
                throw new Internal("seccomp profile resource " + RESOURCE + " is missing from the class path");
            }
            return new SeccompProfile(MAPPER.readTree(stream));
        }
        catch (IOException e) {
            throw new Internal("cannot read the seccomp profile resource " + RESOURCE, e);
        }
    }

    /**
     * The profile for a container on {@code goArch} (amd64, arm64, …) holding {@code capabilities}.
     */
    public ObjectNode toOci(String goArch, Set<String> capabilities)
    {
        ObjectNode oci = MAPPER.createObjectNode();
        oci.put("defaultAction", profile.path("defaultAction").asText());
        if (profile.has("defaultErrnoRet")) {
            oci.put("defaultErrnoRet", profile.path("defaultErrnoRet").asInt());
        }
        ArrayNode architectures = oci.putArray("architectures");
        String native_ = ociArch(goArch);
        for (JsonNode entry : profile.path("archMap")) {
            if (entry.path("architecture").asText().equals(native_)) {
                architectures.add(native_);
                entry.path("subArchitectures").forEach(architectures::add);
            }
        }
        ArrayNode syscalls = oci.putArray("syscalls");
        for (JsonNode rule : profile.path("syscalls")) {
            if (!applies(rule, goArch, capabilities)) {
                continue;
            }
            ObjectNode out = syscalls.addObject();
            out.set("names", rule.path("names").deepCopy());
            out.put("action", rule.path("action").asText());
            if (rule.has("errnoRet")) {
                out.put("errnoRet", rule.path("errnoRet").asInt());
            }
            if (rule.path("args").isArray() && !rule.path("args").isEmpty()) {
                out.set("args", rule.path("args").deepCopy());
            }
        }
        return oci;
    }

    private static boolean applies(JsonNode rule, String goArch, Set<String> capabilities)
    {
        JsonNode includes = rule.path("includes");
        if (includes.path("arches").isArray() && !includes.path("arches").isEmpty() && !contains(includes.path("arches"), goArch)) {
            return false;
        }
        for (JsonNode cap : includes.path("caps")) {
            if (!capabilities.contains(cap.asText())) {
                return false;
            }
        }
        JsonNode excludes = rule.path("excludes");
        if (contains(excludes.path("arches"), goArch)) {
            return false;
        }
        for (JsonNode cap : excludes.path("caps")) {
            if (capabilities.contains(cap.asText())) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(JsonNode array, String value)
    {
        for (JsonNode element : array) {
            if (element.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    static String ociArch(String goArch)
    {
        return switch (goArch) {
            case "amd64", "x86_64" -> "SCMP_ARCH_X86_64";
            case "arm64", "aarch64" -> "SCMP_ARCH_AARCH64";
            case "386", "x86" -> "SCMP_ARCH_X86";
            case "arm" -> "SCMP_ARCH_ARM";
            case "ppc64le" -> "SCMP_ARCH_PPC64LE";
            case "s390x" -> "SCMP_ARCH_S390X";
            case "riscv64" -> "SCMP_ARCH_RISCV64";
            default -> "SCMP_ARCH_" + goArch.toUpperCase(java.util.Locale.ROOT);
        };
    }
}
