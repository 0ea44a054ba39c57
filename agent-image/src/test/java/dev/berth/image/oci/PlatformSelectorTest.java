package dev.berth.image.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.platform.HostPlatform;
import dev.berth.core.spec.OsFamily;
import dev.berth.core.spec.PlatformSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

class PlatformSelectorTest
{
    private static final ImageIndex INDEX = new ImageIndex(MediaTypes.OCI_INDEX, List.of(
            entry(1, "linux", "amd64", null, null),
            entry(2, "linux", "arm", "v6", null),
            entry(3, "linux", "arm", "v7", null),
            entry(4, "linux", "arm64", "v8", null),
            entry(5, "windows", "amd64", null, "10.0.17763.5458"),
            entry(6, "windows", "amd64", null, "10.0.20348.2000"),
            entry(7, "windows", "amd64", null, "10.0.20348.2340"),
            entry(8, "unknown", "unknown", null, null)));

    @Test
    void takesTheHostPlatformWhereTheSpecLeavesItOpen()
    {
        assertThat(select(HostPlatform.linux("amd64"), PlatformSpec.ANY)).isEqualTo(1);
        assertThat(select(HostPlatform.linux("arm64"), PlatformSpec.ANY)).isEqualTo(4);
        assertThat(select(HostPlatform.linux("arm"), PlatformSpec.ANY)).isEqualTo(3);
    }

    @Test
    void honoursAnExplicitVariantAndArchAliases()
    {
        assertThat(select(HostPlatform.linux("amd64"), spec(null, "arm/v6", null))).isEqualTo(2);
        assertThat(select(HostPlatform.linux("amd64"), spec(null, "aarch64", null))).isEqualTo(4);
        assertThat(new PlatformSelector(HostPlatform.linux("amd64")).select(INDEX, spec(null, "arm/v5", null))).isEmpty();
    }

    @Test
    void matchesTheWindowsBuildAndPrefersItsHighestRevision()
    {
        assertThat(select(HostPlatform.windows("amd64", "10.0.20348"), PlatformSpec.ANY)).isEqualTo(7);
        assertThat(select(HostPlatform.windows("amd64", "10.0.17763"), PlatformSpec.ANY)).isEqualTo(5);
        assertThat(select(HostPlatform.linux("amd64"), spec(OsFamily.WINDOWS, null, "10.0.17763"))).isEqualTo(5);
        assertThat(new PlatformSelector(HostPlatform.windows("amd64", "10.0.26100")).select(INDEX, PlatformSpec.ANY)).isEmpty();
    }

    private static int select(HostPlatform host, PlatformSpec spec)
    {
        Descriptor chosen = new PlatformSelector(host).select(INDEX, spec).orElseThrow();
        return Integer.parseInt(chosen.digest().substring(chosen.digest().length() - 1), 16);
    }

    private static PlatformSpec spec(OsFamily os, String arch, String osVersion)
    {
        return new PlatformSpec(Optional.ofNullable(os), Optional.ofNullable(arch), Optional.ofNullable(osVersion));
    }

    private static Descriptor entry(int number, String os, String arch, String variant, String osVersion)
    {
        String digest = "sha256:" + "0".repeat(63) + Integer.toHexString(number);
        return new Descriptor(MediaTypes.OCI_MANIFEST, digest, 100,
                Optional.of(new Platform(os, arch, Optional.ofNullable(variant), Optional.ofNullable(osVersion))), Map.of(), List.of());
    }
}
