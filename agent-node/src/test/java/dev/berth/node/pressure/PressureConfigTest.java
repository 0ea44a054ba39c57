package dev.berth.node.pressure;

import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.Configuration;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PressureConfigTest
{
    @Test
    void defaultsAreTheKubeletsAndBadValuesNameTheirKey()
    {
        PressureConfig defaults = PressureConfig.from(ConfigMap.empty());

        assertThat(defaults.memoryAvailable()).isEqualTo(100L << 20);
        assertThat(defaults.pidsFree()).isEqualTo(1000);
        assertThat(defaults.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.evict()).isTrue();
        assertThat(defaults.evictionGrace()).isZero();
        assertThat(defaults.hostRoot()).isEqualTo(Path.of("/"));
        assertThat(PressureModule.configKeys()).extracting(ConfigKey::name).allMatch(name -> name.startsWith("node.pressure."));
        assertThat(PressureModule.configKeys()).allMatch(key -> !key.description().isBlank());
        assertThatThrownBy(() -> PressureConfig.from(ConfigMap.empty().with("node.pressure.pids-free", "-1")))
                .isInstanceOfSatisfying(Configuration.class, error -> assertThat(error.getMessage()).contains("node.pressure.pids-free"));
        assertThatThrownBy(() -> ConfigMap.empty().with("node.pressure.interval", "0s").validate(PressureModule.configKeys()))
                .isInstanceOfSatisfying(Configuration.class, error -> assertThat(error.getMessage()).contains("node.pressure.interval"));
    }
}
