package nnc.model;

import java.util.Locale;

/** How much of the heap a network's arrays may take, and the message when they need more. */
public final class Memory {
    /** The share of the heap the arrays may take; the rest is for the data and everything else. */
    public static final double SHARE = 0.8;

    private Memory() {
    }

    /** True when {@code bytes} do not fit in the share of {@code heap}. */
    public static boolean tooMuch(double bytes, long heap) {
        return bytes > SHARE * heap;
    }

    /** "about 5.4 GiB, more than the 4.6 GiB nnc allows for them (80% of the 5.7 GiB this JVM may use; ...)". */
    public static String needs(double bytes, long heap) {
        return String.format(Locale.ROOT, "about %s, more than the %s nnc allows for them (%.0f%% of the %s this JVM "
                + "may use; raise it with -Xmx)", size(bytes), size(SHARE * heap), SHARE * 100, size(heap));
    }

    private static String size(double bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (1L << 30))
                : String.format(Locale.ROOT, "%.0f MiB", bytes / (1L << 20));
    }
}
