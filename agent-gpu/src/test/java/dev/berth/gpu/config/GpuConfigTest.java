package dev.berth.gpu.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.Configuration;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

class GpuConfigTest
{
    @Test
    void defaultsAreTheUsualHostPaths()
    {
        GpuConfig config = GpuConfig.DEFAULTS;
        assertThat(config.hostRoot()).isEqualTo("/");
        assertThat(config.cdiDirectories()).containsExactly("/etc/cdi", "/var/run/cdi");
        assertThat(config.mpsLiveProbe()).isFalse();
        assertThat(config.timeSliceReplicas()).isEqualTo(1);
        assertThat(GpuConfig.configKeys()).extracting(ConfigKey::name).allMatch(name -> name.startsWith("gpu."));
    }

    @Test
    void readsEveryKey()
    {
        GpuConfig config = GpuConfig.from(new ConfigMap(Map.of("gpu.host-root", "/host", "gpu.cdi-directories", "/a, /b",
                "gpu.mps.live-probe", "true", "gpu.time-slice.replicas", "4", "gpu.probe-timeout", "2s", "gpu.nvidia-smi", "/usr/lib/wsl/lib/nvidia-smi")));
        assertThat(config).isEqualTo(new GpuConfig("/host", List.of("/a", "/b"), true, "nvidia-cuda-mps-control", "/usr/lib/wsl/lib/nvidia-smi", 4,
                Duration.ofSeconds(2)));
    }

    @Test
    void replicasBelowOneIsAConfigurationErrorNamingTheKey()
    {
        assertThatThrownBy(() -> GpuConfig.from(new ConfigMap(Map.of("gpu.time-slice.replicas", "0"))))
                .isInstanceOf(Configuration.class)
                .hasMessageContaining("gpu.time-slice.replicas");
    }
}
