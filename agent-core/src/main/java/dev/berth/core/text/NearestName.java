package dev.berth.core.text;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Suggests the valid name a user most likely meant, by edit distance, for "did you mean" messages. */
public final class NearestName
{
    private NearestName() {}

    /** The closest candidate within a distance of a third of the name's length (at least 2), if any. */
    public static Optional<String> nearest(String name, Collection<String> candidates)
    {
        String lower = name.toLowerCase(Locale.ROOT);
        int limit = Math.max(2, name.length() / 3);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return bestDistance <= limit ? Optional.ofNullable(best) : Optional.empty();
    }

    /** "unknown field 'x'" with ", did you mean 'y'?" when a candidate is near. */
    public static String unknown(String what, String name, Collection<String> candidates)
    {
        return nearest(name, candidates)
                .map(suggestion -> "unknown " + what + " '" + name + "', did you mean '" + suggestion + "'?")
                .orElseGet(() -> "unknown " + what + " '" + name + "' (valid: " + String.join(", ", candidates.stream().sorted().toList()) + ")");
    }

    /** Optimal string alignment distance: Levenshtein plus adjacent transpositions. */
    static int distance(String a, String b)
    {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
