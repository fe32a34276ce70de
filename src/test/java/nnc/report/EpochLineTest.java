package nnc.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The epoch line's numbers read exactly as {@code String.format("%.4f")} writes them. */
class EpochLineTest {
    private static void same(double v) {
        assertEquals(String.format(Locale.ROOT, "%.4f", v), Report.fixed(v), "value " + v);
    }

    @Test
    void fourDecimalsAsFormatWritesThem() {
        Random r = new Random(11);
        for (int k = 0; k < 20_000; k++) {
            double scale = Math.pow(10, r.nextInt(12) - 8);
            same((r.nextDouble() * 2 - 1) * scale);
        }
        // values whose fifth decimal is a 5, where half up and the binary value's own rounding could part
        for (int k = 0; k < 20_000; k++) {
            same((k * 10 + 5) / 100_000.0);
            same(-(k * 10 + 5) / 100_000.0);
        }
    }

    @Test
    void signsZerosAndNonFiniteValues() {
        for (double v : new double[] {0.0, -0.0, -0.00004, 0.00005, -0.00005, 1e-300, 123456.78905, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE, -Double.MIN_VALUE}) {
            same(v);
        }
    }
}
