package dev.berth.core.unit;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them: {@code 250ms}, {@code 30s}, {@code 1m30s}, {@code 2h}, {@code 1.5s}.
 * A bare number is refused: a unit is always required.
 */
public final class HumanDurations
{
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|ns|s|m|h|d)");

    private HumanDurations() {}

    /**
     * @throws IllegalArgumentException naming what is wrong, for the caller to attach to a field path
     */
    public static Duration parse(String text)
    {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty duration");
        }
        String trimmed = text.trim();
        Matcher matcher = PART.matcher(trimmed);
        int position = 0;
        long nanos = 0;
        while (position < trimmed.length()) {
            if (!matcher.find(position) || matcher.start() != position) {
                throw new IllegalArgumentException(
                        "\"" + text + "\" is not a duration (use a number and a unit: 250ms, 30s, 5m, 1h, 1d)");
            }
            double value = Double.parseDouble(matcher.group(1));
            long unitNanos = switch (matcher.group(2)) {
                case "ns" -> 1L;
                case "us" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                case "d" -> 86_400_000_000_000L;
                default -> throw new IllegalStateException("unit " + matcher.group(2));
            };
            double partNanos = value * unitNanos;
            if (partNanos > Long.MAX_VALUE - nanos) {
                throw new IllegalArgumentException("\"" + text + "\" is too long a duration");
            }
            nanos += (long) partNanos;
            position = matcher.end();
        }
        return Duration.ofNanos(nanos);
    }

    /** The shortest exact human form: {@code 1m30s}, {@code 250ms}, {@code 0s}. Inverse of {@link #parse}. */
    public static String format(Duration duration)
    {
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long hours = duration.toHours();
        long minutes = duration.toMinutesPart();
        long seconds = duration.toSecondsPart();
        long millis = duration.toMillisPart();
        long nanos = duration.toNanosPart() % 1_000_000;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (seconds > 0) {
            out.append(seconds).append('s');
        }
        if (millis > 0) {
            out.append(millis).append("ms");
        }
        if (nanos > 0) {
            out.append(nanos).append("ns");
        }
        return out.toString();
    }
}
