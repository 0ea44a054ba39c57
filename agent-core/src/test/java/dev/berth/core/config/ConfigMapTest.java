package dev.berth.core.config;

import dev.berth.core.error.Configuration;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigMapTest
{
    private static final ConfigKey<String> BINARY = ConfigKey.string("runtime.youki.binary", "youki", "binary");
    private static final ConfigKey<Duration> TIMEOUT = ConfigKey.duration("runtime.youki.timeout", Duration.ofSeconds(30), "timeout");
    private static final ConfigKey<Duration> INTERVAL = ConfigKey.positiveDuration("lifecycle.monitor-interval", Duration.ofSeconds(1), "interval");
    private static final ConfigKey<Integer> RETRIES = ConfigKey.integer("image.retries", 3, "retries");
    private static final ConfigKey<Boolean> ORPHANS = ConfigKey.bool("lifecycle.remove-orphans", false, "orphans");
    private static final ConfigKey<Long> SIZE = ConfigKey.size("image.max-layer-size", 1L << 30, "size");
    private static final ConfigKey<List<String>> ROOTS = ConfigKey.list("runtime.youki.allowed-roots", List.of(), "roots");

    @Test
    void typedReadsAndDefaults()
    {
        ConfigMap config = new ConfigMap(Map.of(
                "runtime.youki.timeout", "5s",
                "image.retries", " 7 ",
                "lifecycle.remove-orphans", "true",
                "image.max-layer-size", "2Gi",
                "runtime.youki.allowed-roots", "/srv, /data,,"));
        assertThat(config.get(BINARY)).isEqualTo("youki");
        assertThat(config.get(TIMEOUT)).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.get(RETRIES)).isEqualTo(7);
        assertThat(config.get(ORPHANS)).isTrue();
        assertThat(config.get(SIZE)).isEqualTo(2L << 30);
        assertThat(config.get(ROOTS)).containsExactly("/srv", "/data");
        assertThat(config.with("runtime.youki.binary", "/usr/sbin/runc").get(BINARY)).isEqualTo("/usr/sbin/runc");
        assertThat(config.raw("image.retries")).contains(" 7 ");
        assertThat(config.asMap()).hasSize(5);
    }

    @Test
    void badValuesNameTheKey()
    {
        assertThatThrownBy(() -> new ConfigMap(Map.of("image.retries", "x")).get(RETRIES))
                .isInstanceOf(Configuration.class).hasMessage("Configuration error: image.retries: \"x\" is not an integer");
        assertThatThrownBy(() -> new ConfigMap(Map.of("lifecycle.remove-orphans", "maybe")).get(ORPHANS))
                .hasMessageContaining("lifecycle.remove-orphans: \"maybe\" is not true or false");
        assertThat(new ConfigMap(Map.of("lifecycle.remove-orphans", "Yes")).get(ORPHANS)).as("YAML 1.1's boolean words").isTrue();
        // a zero interval reached ScheduledExecutorService only after start, as an IllegalArgumentException naming nothing
        assertThatThrownBy(() -> new ConfigMap(Map.of("lifecycle.monitor-interval", "0s")).get(INTERVAL))
                .isInstanceOf(Configuration.class).hasMessage("Configuration error: lifecycle.monitor-interval: \"0s\" must be greater than zero");
        assertThat(new ConfigMap(Map.of("runtime.youki.timeout", "0s")).get(TIMEOUT)).as("zero may mean at once").isZero();
    }

    @Test
    void validateRefusesUnknownKeysNamingTheNearest()
    {
        ConfigMap config = new ConfigMap(Map.of("runtime.youki.binray", "/usr/sbin/runc", "image.retries", "x"));
        assertThatThrownBy(() -> config.validate(List.of(BINARY, TIMEOUT, RETRIES)))
                .isInstanceOf(Configuration.class)
                .hasMessageContaining("unknown config key 'runtime.youki.binray', did you mean 'runtime.youki.binary'?")
                .hasMessageContaining("image.retries: \"x\" is not an integer");
        new ConfigMap(Map.of("runtime.youki.binary", "runc")).validate(List.of(BINARY));
    }
}
