package dev.berth.oci.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.error.Unsupported;
import dev.berth.core.runtime.ImageConfig;
import dev.berth.core.spec.GpuRequest;
import dev.berth.core.spec.GpuSharing;
import dev.berth.core.spec.MountSpec;
import dev.berth.core.spec.MpsSettings;
import dev.berth.core.spec.Resources;
import dev.berth.core.spec.SecuritySpec;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.oci.testing.Specs;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.StreamSupport;

class BundleBuilderTest
{
    private static final BundlePolicy STRICT = new BundlePolicy(List.of(Path.of("/srv/data")), false);
    private static final BundlePolicy RELAXED = new BundlePolicy(List.of(), true);

    private static BundleRequest request(ServiceSpec spec, NetworkNamespace network)
    {
        return new BundleRequest("c1", spec, ImageConfig.EMPTY, "/state/c1/bundle/rootfs", network, "/berth/c1", Map.of("k", "v"), "amd64");
    }

    private static ObjectNode build(BundlePolicy policy, ServiceSpec spec)
    {
        return new BundleBuilder(Set.of(), policy).config(request(spec, NetworkNamespace.privateNamespace()), Optional.empty());
    }

    private static List<String> texts(JsonNode array)
    {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<String> allowedSyscalls(JsonNode config)
    {
        List<String> names = new ArrayList<>();
        for (JsonNode rule : config.path("linux").path("seccomp").path("syscalls")) {
            if (rule.path("action").asText().equals("SCMP_ACT_ALLOW") && !rule.has("args")) {
                names.addAll(texts(rule.path("names")));
            }
        }
        return names;
    }

    @Test
    void hardenedByDefault()
    {
        ObjectNode config = build(STRICT, Specs.of("web", "sleep", "1"));
        JsonNode process = config.path("process");
        assertThat(texts(process.path("args"))).containsExactly("sleep", "1");
        assertThat(texts(process.path("capabilities").path("effective"))).containsExactlyInAnyOrder("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");
        assertThat(process.path("capabilities").path("bounding")).isEqualTo(process.path("capabilities").path("effective"));
        assertThat(process.path("noNewPrivileges").asBoolean()).isTrue();
        assertThat(texts(config.path("linux").path("maskedPaths"))).contains("/proc/kcore", "/sys/firmware");
        assertThat(texts(config.path("linux").path("readonlyPaths"))).contains("/proc/sys", "/proc/sysrq-trigger");
        JsonNode seccomp = config.path("linux").path("seccomp");
        assertThat(seccomp.path("defaultAction").asText()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(texts(seccomp.path("architectures"))).containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
        // containers-common gates these on capabilities the default set lacks
        assertThat(allowedSyscalls(config)).contains("read", "write", "clone3").doesNotContain("bpf", "sethostname", "init_module", "settimeofday", "kexec_load", "chroot");
        assertThat(config.path("root").path("path").asText()).isEqualTo("/state/c1/bundle/rootfs");
        assertThat(config.path("linux").path("cgroupsPath").asText()).isEqualTo("/berth/c1");
        assertThat(config.path("annotations").path("k").asText()).isEqualTo("v");
        assertThat(StreamSupport.stream(config.path("mounts").spliterator(), false).map(mount -> mount.path("destination").asText()))
                .containsExactly("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup");
    }

    @Test
    void grantedCapabilitiesOpenTheirSyscalls()
    {
        SecuritySpec admin = new SecuritySpec(false, List.of("sys_admin"), List.of("KILL"), true, SecuritySpec.SECCOMP_DEFAULT, true, List.of());
        ObjectNode config = build(RELAXED, Specs.withSecurity(Specs.of("admin", "true"), admin));
        assertThat(texts(config.path("process").path("capabilities").path("effective"))).containsExactlyInAnyOrder("CAP_AUDIT_WRITE", "CAP_NET_BIND_SERVICE", "CAP_SYS_ADMIN");
        assertThat(allowedSyscalls(config)).contains("bpf", "sethostname").doesNotContain("init_module");
        assertThat(config.path("root").path("readonly").asBoolean()).isTrue();
    }

    @Test
    void relaxingNeedsNodePolicyAndNamesEveryField()
    {
        SecuritySpec relaxed = new SecuritySpec(true, List.of("NET_ADMIN"), List.of(), false, SecuritySpec.SECCOMP_UNCONFINED, false, List.of("/dev/fuse"));
        assertThatThrownBy(() -> build(STRICT, Specs.withSecurity(Specs.of("x", "true"), relaxed)))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("security.privileged")
                .hasMessageContaining("security.capAdd [NET_ADMIN]")
                .hasMessageContaining("security.noNewPrivileges=false")
                .hasMessageContaining("security.seccomp=unconfined")
                .hasMessageContaining("security.devices");
        SecuritySpec unconfined = new SecuritySpec(false, List.of(), List.of(), false, SecuritySpec.SECCOMP_UNCONFINED, false, List.of());
        ObjectNode config = build(RELAXED, Specs.withSecurity(Specs.of("x", "true"), unconfined));
        assertThat(config.path("linux").has("seccomp")).isFalse();
        assertThat(config.path("process").path("noNewPrivileges").asBoolean()).isFalse();
    }

    @Test
    void droppingCapabilitiesIsAlwaysAllowed()
    {
        SecuritySpec dropAll = new SecuritySpec(false, List.of(), List.of("ALL"), true, SecuritySpec.SECCOMP_DEFAULT, false, List.of());
        assertThat(build(STRICT, Specs.withSecurity(Specs.of("x", "true"), dropAll)).path("process").path("capabilities").path("effective")).isEmpty();
        SecuritySpec unknown = new SecuritySpec(false, List.of(), List.of("CAP_MAGIC"), true, SecuritySpec.SECCOMP_DEFAULT, false, List.of());
        assertThatThrownBy(() -> build(STRICT, Specs.withSecurity(Specs.of("x", "true"), unknown))).isInstanceOf(InvalidSpec.class).hasMessageContaining("security.capDrop");
    }

    @Test
    void resourcesBecomeCgroupLimits()
    {
        ObjectNode config = build(STRICT, Specs.withResources(Specs.of("x", "true"), new Resources(500, 256, 64L << 20, 50, Optional.empty())));
        JsonNode resources = config.path("linux").path("resources");
        assertThat(resources.path("memory").path("limit").asLong()).isEqualTo(64L << 20);
        assertThat(resources.path("cpu").path("quota").asLong()).isEqualTo(50_000);
        assertThat(resources.path("cpu").path("period").asLong()).isEqualTo(100_000);
        assertThat(resources.path("cpu").path("shares").asLong()).isEqualTo(256);
        assertThat(resources.path("pids").path("limit").asLong()).isEqualTo(50);
        assertThat(build(STRICT, Specs.of("x", "true")).path("linux").path("resources").has("memory")).isFalse();
    }

    @Test
    void containerWithoutPidsLimitGetsTheNodeDefault()
    {
        // 10,000 processes once ran in a container whose spec set no limit
        assertThat(build(STRICT, Specs.of("x", "true")).path("linux").path("resources").path("pids").path("limit").asLong())
                .isEqualTo(BundlePolicy.DEFAULT_PIDS_LIMIT).isEqualTo(4096);
        BundlePolicy tight = new BundlePolicy(List.of(), false, 64);
        assertThat(build(tight, Specs.of("x", "true")).path("linux").path("resources").path("pids").path("limit").asLong()).isEqualTo(64);
        ServiceSpec explicit = Specs.withResources(Specs.of("x", "true"), new Resources(0, 0, 0, 10_000, Optional.empty()));
        assertThat(build(tight, explicit).path("linux").path("resources").path("pids").path("limit").asLong()).isEqualTo(10_000);
        BundlePolicy none = new BundlePolicy(List.of(), false, 0);
        assertThat(build(none, Specs.of("x", "true")).path("linux").path("resources").has("pids")).isFalse();
    }

    @Test
    void bindsOnlyFromAllowedRoots()
    {
        MountSpec allowed = new MountSpec(MountSpec.Type.BIND, "/srv/data/app", "/data", true, 0);
        MountSpec tmpfs = new MountSpec(MountSpec.Type.TMPFS, "", "/scratch", false, 1 << 20);
        ObjectNode config = build(STRICT, Specs.withMounts(Specs.of("x", "true"), List.of(allowed, tmpfs)));
        JsonNode mounts = config.path("mounts");
        JsonNode bind = mounts.get(mounts.size() - 2);
        assertThat(bind.path("source").asText()).isEqualTo("/srv/data/app");
        assertThat(texts(bind.path("options"))).contains("rbind", "ro");
        assertThat(texts(mounts.get(mounts.size() - 1).path("options"))).contains("size=1048576");

        MountSpec escape = new MountSpec(MountSpec.Type.BIND, "/srv/data/../../etc", "/etc-host", false, 0);
        assertThatThrownBy(() -> build(STRICT, Specs.withMounts(Specs.of("x", "true"), List.of(allowed, escape))))
                .isInstanceOf(InvalidSpec.class).hasMessageContaining("mounts[1]").hasMessageContaining("/srv/data/../../etc");
        MountSpec relative = new MountSpec(MountSpec.Type.TMPFS, "", "scratch", false, 0);
        assertThatThrownBy(() -> build(STRICT, Specs.withMounts(Specs.of("x", "true"), List.of(relative))))
                .isInstanceOf(InvalidSpec.class).hasMessageContaining("mounts[0].target");
    }

    @Test
    void networkNamespaceFromTheNetworkGoesIntoTheConfig()
    {
        BundleBuilder builder = new BundleBuilder(Set.of(), STRICT);
        JsonNode joined = builder.config(request(Specs.of("x", "true"), NetworkNamespace.at("/var/run/netns/berth-c1")), Optional.empty());
        assertThat(joined.path("linux").path("namespaces").toString()).contains("{\"type\":\"network\",\"path\":\"/var/run/netns/berth-c1\"}");
        JsonNode host = builder.config(request(Specs.of("x", "true"), NetworkNamespace.host()), Optional.empty());
        assertThat(host.path("linux").path("namespaces").toString()).doesNotContain("network");
        JsonNode fresh = builder.config(request(Specs.of("x", "true"), NetworkNamespace.privateNamespace()), Optional.empty());
        assertThat(fresh.path("linux").path("namespaces").toString()).contains("{\"type\":\"network\"}");
    }

    @Test
    void gpuNeedsACustomizerThatProvidesIt()
    {
        GpuRequest gpu = new GpuRequest(1, "nvidia", List.of(), GpuSharing.EXCLUSIVE, MpsSettings.DEFAULTS, OptionalInt.empty());
        ServiceSpec spec = Specs.withResources(Specs.of("cuda", "true"), new Resources(0, 0, 0, 0, Optional.of(gpu)));
        assertThatThrownBy(() -> build(STRICT, spec)).isInstanceOf(Unsupported.class).hasMessageContaining("resources.gpu");

        OciConfigCustomizer cdi = new OciConfigCustomizer()
        {
            @Override
            public void customize(BundleRequest request, ObjectNode config)
            {
                ((com.fasterxml.jackson.databind.node.ArrayNode) config.path("process").path("env")).add("NVIDIA_VISIBLE_DEVICES=0");
            }

            @Override
            public boolean providesGpu(GpuRequest request)
            {
                return true;
            }
        };
        ObjectNode config = new BundleBuilder(Set.of(cdi), STRICT).config(request(spec, NetworkNamespace.privateNamespace()), Optional.empty());
        assertThat(texts(config.path("process").path("env"))).contains("NVIDIA_VISIBLE_DEVICES=0");
    }
}
