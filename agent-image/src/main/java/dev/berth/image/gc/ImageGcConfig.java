package dev.berth.image.gc;

import static java.util.Objects.requireNonNull;

import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.Configuration;

import java.time.Duration;
import java.util.List;

/**
 * When the image store collects unused images by itself, every key under {@code image.gc.}: above {@code high} percent
 * of the store's file system used, unused images go least recently used first until usage is at or below {@code low}
 * (the kubelet's image GC thresholds, with its defaults). Defaults are stated on each key.
 */
public record ImageGcConfig(int high, int low, List<String> pinned, Duration minAge, Duration interval)
{
    /** An image whose config carries this label with the value {@code true} is never collected. */
    public static final String PINNED_LABEL = "berth.image.pinned";

    /** Default 85, as the kubelet's {@code imageGCHighThresholdPercent}; 100 turns collection by threshold off. */
    public static final ConfigKey<Integer> HIGH = ConfigKey.integer("image.gc.high", 85,
            "Percent of the image store's file system in use above which unused images are collected. 100 turns it off. Default 85.");
    /** Default 80, as the kubelet's {@code imageGCLowThresholdPercent}. */
    public static final ConfigKey<Integer> LOW = ConfigKey.integer("image.gc.low", 80,
            "Percent of the image store's file system in use that a collection brings usage down to. Default 80.");
    /** Default none. */
    public static final ConfigKey<List<String>> PINNED = ConfigKey.list("image.gc.pinned", List.of(),
            "Images never collected: references (any form) or manifest digests. The label " + PINNED_LABEL
                    + "=true in an image's config pins it too. Default none.");
    /** Default 2m, as the kubelet's {@code minimumGCAge}: a just-pulled image is not taken before its container starts. */
    public static final ConfigKey<Duration> MIN_AGE = ConfigKey.duration("image.gc.min-age", Duration.ofMinutes(2),
            "An image used or stored more recently than this is not collected. Default 2m.");
    /** Default 1m. */
    public static final ConfigKey<Duration> INTERVAL = ConfigKey.positiveDuration("image.gc.interval", Duration.ofMinutes(1),
            "How often the store's usage is checked against image.gc.high (it is also checked after every pull and load). Default 1m.");

    public ImageGcConfig
    {
        pinned = List.copyOf(requireNonNull(pinned, "pinned is null"));
        requireNonNull(minAge, "minAge is null");
        requireNonNull(interval, "interval is null");
        if (high < 1 || high > 100) {
            throw new Configuration(HIGH.name() + ": must be a percentage from 1 to 100, got " + high);
        }
        if (low < 0 || low >= high) {
            throw new Configuration(LOW.name() + ": must be at least 0 and below " + HIGH.name() + " (" + high + "), got " + low);
        }
        if (minAge.isNegative()) {
            throw new Configuration(MIN_AGE.name() + ": must not be negative, got " + minAge);
        }
    }

    public static final ImageGcConfig DEFAULT = from(ConfigMap.empty());

    public static List<ConfigKey<?>> keys()
    {
        return List.of(HIGH, LOW, PINNED, MIN_AGE, INTERVAL);
    }

    public static ImageGcConfig from(ConfigMap config)
    {
        requireNonNull(config, "config is null");
        return new ImageGcConfig(config.get(HIGH), config.get(LOW), config.get(PINNED), config.get(MIN_AGE), config.get(INTERVAL));
    }
}
