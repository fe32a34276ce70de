package nnc.check;

import java.util.Collection;

/** "Did you mean" suggestions: the closest known name within a small edit distance. */
public final class Suggest {
    private Suggest() {
    }

    /** The closest of {@code known} to {@code name}, or null when none is close enough to be a typo. */
    public static String closest(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int limit = Math.max(1, Math.min(3, name.length() / 3 + 1));
        for (String candidate : known) {
            int d = distance(name.toLowerCase(java.util.Locale.ROOT), candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= limit ? best : null;
    }

    /** "unknown X 'y'; did you mean 'z'?" or, with no close name, the list of known names. */
    public static String unknown(String what, String name, Collection<String> known) {
        return unknown(what, name, "", known);
    }

    /** As {@link #unknown(String, String, Collection)}, with {@code where} (" in the train block") after the name. */
    public static String unknown(String what, String name, String where, Collection<String> known) {
        String close = closest(name, known);
        String head = "unknown " + what + " '" + name + "'" + where;
        if (close != null) {
            return head + "; did you mean '" + close + "'?";
        }
        return head + " (known: " + String.join(", ", known) + ")";
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
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
