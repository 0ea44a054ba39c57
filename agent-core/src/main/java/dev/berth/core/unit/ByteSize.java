package dev.berth.core.unit;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as Kubernetes writes them: {@code 512Mi}, {@code 1Gi}, {@code 64M}, {@code 100k}, or plain bytes.
 * Binary suffixes (Ki, Mi, Gi, Ti, Pi) are powers of 1024, decimal ones (k, M, G, T, P) powers of 1000.
 */
public final class ByteSize
{
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(Ki|Mi|Gi|Ti|Pi|k|K|M|G|T|P|B)?");

    private ByteSize() {}

    /**
     * @throws IllegalArgumentException with {@code "X" is not a size}, for the caller to attach to a field path
     */
    public static long parse(String text)
    {
        if (text == null) {
            throw new IllegalArgumentException("empty size");
        }
        Matcher matcher = SIZE.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a size (use bytes or a suffix: 512Mi, 1Gi, 64M)");
        }
        BigDecimal value = new BigDecimal(matcher.group(1));
        String suffix = matcher.group(2) == null ? "B" : matcher.group(2);
        long multiplier = switch (suffix) {
            case "B" -> 1L;
            case "k", "K" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            case "T" -> 1_000_000_000_000L;
            case "P" -> 1_000_000_000_000_000L;
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            case "Gi" -> 1L << 30;
            case "Ti" -> 1L << 40;
            case "Pi" -> 1L << 50;
            default -> throw new IllegalStateException("suffix " + suffix);
        };
        BigDecimal bytes = value.multiply(BigDecimal.valueOf(multiplier));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("\"" + text + "\" is too large a size");
        }
        return bytes.longValue();
    }

    /** A compact binary form: {@code 512Mi}, {@code 1Gi}, or bytes when not a whole multiple. */
    public static String format(long bytes)
    {
        String[] suffixes = {"Pi", "Ti", "Gi", "Mi", "Ki"};
        int[] shifts = {50, 40, 30, 20, 10};
        for (int i = 0; i < suffixes.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes != 0 && bytes % unit == 0) {
                return (bytes / unit) + suffixes[i];
            }
        }
        return Long.toString(bytes);
    }
}
