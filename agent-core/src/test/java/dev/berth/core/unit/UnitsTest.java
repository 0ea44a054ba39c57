package dev.berth.core.unit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnitsTest
{
    @ParameterizedTest
    @CsvSource({"512Mi,536870912", "1Gi,1073741824", "64M,64000000", "100k,100000", "100K,100000", "1024,1024", "1.5Ki,1536",
            "2Ti,2199023255552", "1Pi,1125899906842624", "3G,3000000000", "1T,1000000000000", "1P,1000000000000000", "10B,10", "7 Mi,7340032"})
    void sizes(String text, long bytes)
    {
        assertThat(ByteSize.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12XB", "", "Mi", "-1Mi", "1.2.3"})
    void badSizes(String text)
    {
        assertThatThrownBy(() -> ByteSize.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a size");
    }

    @Test
    void sizeLimits()
    {
        assertThatThrownBy(() -> ByteSize.parse(null)).hasMessage("empty size");
        assertThatThrownBy(() -> ByteSize.parse("99999999Pi")).hasMessageContaining("too large");
        assertThat(ByteSize.format(512L << 20)).isEqualTo("512Mi");
        assertThat(ByteSize.format(1L << 30)).isEqualTo("1Gi");
        assertThat(ByteSize.format(3L << 50)).isEqualTo("3Pi");
        assertThat(ByteSize.format(5L << 40)).isEqualTo("5Ti");
        assertThat(ByteSize.format(2048)).isEqualTo("2Ki");
        assertThat(ByteSize.format(1000)).isEqualTo("1000");
        assertThat(ByteSize.format(0)).isEqualTo("0");
    }

    @ParameterizedTest
    @CsvSource({"30s,30000", "1m30s,90000", "250ms,250", "2h,7200000", "1.5s,1500", "1d,86400000", "1h1m1s1ms,3661001", "0s,0"})
    void durations(String text, long millis)
    {
        assertThat(HumanDurations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void finerDurations()
    {
        assertThat(HumanDurations.parse("10us")).isEqualTo(Duration.ofNanos(10_000));
        assertThat(HumanDurations.parse("5ns")).isEqualTo(Duration.ofNanos(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "s", "1x", "1s2", "1 s", "-1s"})
    void badDurations(String text)
    {
        assertThatThrownBy(() -> HumanDurations.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a duration");
    }

    @Test
    void durationLimitsAndFormat()
    {
        assertThatThrownBy(() -> HumanDurations.parse(" ")).hasMessage("empty duration");
        assertThatThrownBy(() -> HumanDurations.parse(null)).hasMessage("empty duration");
        assertThatThrownBy(() -> HumanDurations.parse("999999999999d")).hasMessageContaining("too long");
        assertThat(HumanDurations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(HumanDurations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(HumanDurations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(HumanDurations.format(Duration.ofHours(26))).isEqualTo("26h");
        assertThat(HumanDurations.format(Duration.ofNanos(1_000_005))).isEqualTo("1ms5ns");
        assertThat(HumanDurations.format(Duration.ofSeconds(-5))).isEqualTo("-5s");
        for (String text : new String[] {"1h2m3s4ms", "45s", "7ms", "3h"}) {
            assertThat(HumanDurations.format(HumanDurations.parse(text))).isEqualTo(text);
        }
    }
}
