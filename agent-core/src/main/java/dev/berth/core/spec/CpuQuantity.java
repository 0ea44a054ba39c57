package dev.berth.core.spec;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/** CPU as Kubernetes writes it: {@code 2}, {@code 0.5}, {@code 500m}. Returned in thousandths of a core. */
public final class CpuQuantity
{
    /**
     * Plain decimals only: BigDecimal would also take an exponent, and scaling "1e999999999" to millicores
     * computes a power of ten with a billion digits, pinning a core for minutes (found by fuzzing).
     */
    private static final Pattern QUANTITY = Pattern.compile("\\d{1,12}(\\.\\d{1,9})?m?");

    private CpuQuantity() {}

    public static long parse(String text, String path, SpecProblems problems)
    {
        String trimmed = text.trim();
        if (!QUANTITY.matcher(trimmed).matches()) {
            problems.add(path, "\"" + text + "\" is not a CPU quantity (2, 0.5 or 500m)");
            return 0;
        }
        try {
            BigDecimal cores = trimmed.endsWith("m")
                    ? new BigDecimal(trimmed.substring(0, trimmed.length() - 1)).movePointLeft(3)
                    : new BigDecimal(trimmed);
            if (cores.signum() <= 0) {
                problems.add(path, "\"" + text + "\" must be greater than zero");
                return 0;
            }
            long millis = cores.movePointRight(3).longValue();
            if (millis == 0) {
                problems.add(path, "\"" + text + "\" is less than 1m, the smallest CPU unit");
            }
            return millis;
        }
        catch (NumberFormatException | ArithmeticException e) {
            problems.add(path, "\"" + text + "\" is not a CPU quantity (2, 0.5 or 500m)");
            return 0;
        }
    }
}
