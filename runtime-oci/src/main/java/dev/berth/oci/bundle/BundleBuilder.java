package dev.berth.oci.bundle;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.Internal;
import dev.berth.core.error.Unsupported;
import dev.berth.core.spec.GpuRequest;
import dev.berth.core.spec.Resources;
import dev.berth.core.spec.SecuritySpec;
import dev.berth.core.spec.ServiceSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Generates a container's OCI runtime config ({@code config.json}) from the service spec merged over the image
 * config: process, root, mounts, namespaces, cgroup resources (memory, cpu quota and shares, pids; the runtime
 * maps them onto cgroup v1, hybrid or v2) and the default hardening (runc's capabilities, no-new-privileges,
 * masked and read-only paths, containers-common's seccomp profile), then runs every {@link OciConfigCustomizer}.
 *
 * <p>Reuse point: {@link #config} reads nothing from the host except, when given, the local root filesystem for
 * user names, so the WSL2 delegate generates its bundles with it and writes them through its own transport.
 */
public final class BundleBuilder
{
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final long CPU_PERIOD_MICROS = 100_000;

    private final List<OciConfigCustomizer> customizers;
    private final BundlePolicy policy;
    private final SeccompProfile seccomp;
    private final BindSources bindSources;

    /** Bind sources checked as strings only ({@link BindSources#AS_CHECKED}): for files this JVM cannot open. */
    public BundleBuilder(Set<OciConfigCustomizer> customizers, BundlePolicy policy)
    {
        this(customizers, policy, BindSources.AS_CHECKED);
    }

    public BundleBuilder(Set<OciConfigCustomizer> customizers, BundlePolicy policy, BindSources bindSources)
    {
        this.customizers = List.copyOf(requireNonNull(customizers, "customizers is null"));
        this.policy = requireNonNull(policy, "policy is null");
        this.seccomp = SeccompProfile.containersDefault();
        this.bindSources = requireNonNull(bindSources, "bindSources is null");
    }

    /**
     * The OCI config for {@code request}.
     *
     * @param localRootfs the root filesystem as this JVM sees it, to resolve user names; empty when it is remote
     * @throws dev.berth.core.error.InvalidSpec naming the field at fault
     * @throws Unsupported when the spec asks for a GPU and no customizer provides one
     */
    public ObjectNode config(BundleRequest request, Optional<Path> localRootfs)
    {
        ServiceSpec spec = request.spec();
        SecuritySpec security = spec.security();
        new SecurityPolicy(policy.allowHardeningOptOut()).check(security);
        Optional<GpuRequest> gpu = spec.resources().gpu();
        if (gpu.isPresent() && customizers.stream().noneMatch(customizer -> customizer.providesGpu(gpu.get()))) {
            throw new Unsupported("resources.gpu: service '" + spec.name() + "' asks for a GPU but no GPU support (CDI customizer) is "
                    + "installed for the youki backend; refusing to run it without one");
        }
        ProcessPlan process = ProcessMerger.merge(spec, request.image(), localRootfs);
        Set<String> capabilities = SecurityPolicy.capabilities(security);

        ObjectNode config = MAPPER.createObjectNode();
        config.put("ociVersion", "1.0.2");
        ObjectNode processNode = config.putObject("process");
        processNode.put("terminal", spec.tty());
        ObjectNode user = processNode.putObject("user");
        user.put("uid", process.uid());
        user.put("gid", process.gid());
        strings(processNode.putArray("args"), process.args());
        strings(processNode.putArray("env"), process.env());
        processNode.put("cwd", process.cwd());
        ObjectNode caps = processNode.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            strings(caps.putArray(set), capabilities.stream().sorted().toList());
        }
        processNode.put("noNewPrivileges", security.noNewPrivileges());

        ObjectNode root = config.putObject("root");
        root.put("path", request.rootfs());
        root.put("readonly", security.readOnlyRootfs());
        config.put("hostname", hostname(spec.name(), request.id()));
        new MountPlanner(policy.allowedBindRoots(), bindSources, request.id()).addMounts(config.putArray("mounts"), spec.mounts());

        ObjectNode linux = config.putObject("linux");
        linux.put("cgroupsPath", request.cgroupsPath());
        resources(linux.putObject("resources"), spec.resources(), policy.defaultPidsLimit());
        namespaces(linux.putArray("namespaces"), request.network());
        if (!security.privileged()) {
            strings(linux.putArray("maskedPaths"), Hardening.MASKED_PATHS);
            strings(linux.putArray("readonlyPaths"), Hardening.READONLY_PATHS);
        }
        if (security.seccomp().equals(SecuritySpec.SECCOMP_DEFAULT) && !security.privileged()) {
            linux.set("seccomp", seccomp.toOci(request.hostArch(), capabilities));
        }
        ObjectNode annotations = config.putObject("annotations");
        request.annotations().forEach(annotations::put);
        annotations.put("dev.berth.service", spec.name());

        for (OciConfigCustomizer customizer : customizers) {
            try {
                customizer.customize(request, config);
            }
            catch (RuntimeException e) {
                throw customizerFailure(customizer, e);
            }
        }
        return config;
    }

    /** Writes {@code config} as {@code bundle/config.json} (atomically) on this host. */
    public static void write(Path bundle, ObjectNode config)
    {
        try {
            Files.createDirectories(bundle);
            Path temporary = bundle.resolve("config.json.tmp");
            Files.writeString(temporary, toJson(config), StandardCharsets.UTF_8);
            Files.move(temporary, bundle.resolve("config.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (IOException e) {
            throw new Internal("cannot write the OCI config into " + bundle, e);
        }
    }

    public static String toJson(ObjectNode config)
    {
        try {
            return MAPPER.writeValueAsString(config);
        }
        catch (JsonProcessingException e) {
            throw new Internal("cannot serialise the OCI config", e);
        }
    }

    private static void resources(ObjectNode resources, Resources limits, long defaultPidsLimit)
    {
        ObjectNode deny = resources.putArray("devices").addObject();
        deny.put("allow", false);
        deny.put("access", "rwm");
        if (limits.memoryBytes() > 0) {
            resources.putObject("memory").put("limit", limits.memoryBytes());
        }
        if (limits.cpuMillis() > 0 || limits.cpuShares() > 0) {
            ObjectNode cpu = resources.putObject("cpu");
            if (limits.cpuMillis() > 0) {
                cpu.put("quota", limits.cpuMillis() * CPU_PERIOD_MICROS / 1000);
                cpu.put("period", CPU_PERIOD_MICROS);
            }
            if (limits.cpuShares() > 0) {
                cpu.put("shares", limits.cpuShares());
            }
        }
        // a spec's own limit wins; without one the node's default stops a fork bomb from taking the host's pid space
        long pids = limits.pids() > 0 ? limits.pids() : defaultPidsLimit;
        if (pids > 0) {
            resources.putObject("pids").put("limit", pids);
        }
    }

    private static void namespaces(ArrayNode namespaces, NetworkNamespace network)
    {
        for (String type : List.of("pid", "ipc", "uts", "mount")) {
            namespaces.addObject().put("type", type);
        }
        switch (network.kind()) {
            case PRIVATE -> namespaces.addObject().put("type", "network");
            case PATH -> namespaces.addObject().put("type", "network").put("path", network.path().orElseThrow());
            case HOST -> {
                // the host's network namespace: no entry
            }
        }
    }

    private static String hostname(String name, String id)
    {
        String candidate = name.isEmpty() ? id : name;
        String cleaned = candidate.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        return cleaned.length() > 63 ? cleaned.substring(0, 63) : cleaned;
    }

    private static void strings(ArrayNode array, List<String> values)
    {
        values.forEach(array::add);
    }

    /** Rethrows AgentErrors from customizers untouched; anything else is a bug in the customizer. */
    static RuntimeException customizerFailure(OciConfigCustomizer customizer, RuntimeException e)
    {
        return e instanceof AgentError ? e : new Internal(customizer.getClass().getName() + " failed on the OCI config", e);
    }
}
