import java.util.Locale;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * This machine's measured peak, one thread: independent chains of fused multiply-adds in the Vector API's widest
 * species, enough of them to cover the FMA latency on every pipe (12 chains: 4-cycle latency × 2 pipes needs 8,
 * and 12 accumulators still fit the 16 AVX2 registers). The best of several short timed runs, after the JIT has
 * compiled the loop as an ordinary method (not on-stack replacement), is the figure: the fraction of peak that the
 * benchmark prints for a config is its GFLOP/s over this one, in the config's precision.
 */
final class Peak {
    /** Timed runs per precision; the best counts. */
    static final int RUNS = 15;
    /** Iterations per run: 12 chains × this many FMAs, about 20-60 ms on a 2-4 GHz core. */
    static final int ITERS = 2_000_000;

    final double f64;
    final double f32;

    private Peak(double f64, double f32) {
        this.f64 = f64;
        this.f32 = f32;
    }

    /**
     * Prints the peak line, then {@code PEAK f64 f32} for bench/run to pass on. The peak is measured in a process
     * of its own: a JVM whose Vector API call sites have seen both DoubleVector and FloatVector code runs the
     * generated kernels 3-4 times slower afterwards (config A: 27 instead of 8.7 ms per epoch).
     */
    public static void main(String[] args) {
        Peak p = measure();
        System.out.println((args.length > 0 ? args[0] + " " : "") + p.line());
        System.out.printf(Locale.ROOT, "PEAK %.3f %.3f%n", p.f64, p.f32);
    }

    static Peak measure() {
        return new Peak(best(true), best(false));
    }

    String line() {
        return String.format(Locale.ROOT, "peak (1 thread, %d chains of Vector API fma, best of %d runs): float64 %.1f"
                + " GFLOP/s (%d lanes), float32 %.1f GFLOP/s (%d lanes)", 12, RUNS, f64,
                DoubleVector.SPECIES_PREFERRED.length(), f32, FloatVector.SPECIES_PREFERRED.length());
    }

    double of(boolean float64) {
        return float64 ? f64 : f32;
    }

    private static double best(boolean float64) {
        int lanes = float64 ? DoubleVector.SPECIES_PREFERRED.length() : FloatVector.SPECIES_PREFERRED.length();
        double sink = 0;
        for (int i = 0; i < 30; i++) {             // compiled as an ordinary method well before the timed runs
            sink += float64 ? chains64(10_000) : chains32(10_000);
        }
        double best = 0;
        for (int r = 0; r < RUNS; r++) {
            long t = System.nanoTime();
            sink += float64 ? chains64(ITERS) : chains32(ITERS);
            double s = (System.nanoTime() - t) / 1e9;
            best = Math.max(best, 12.0 * lanes * 2 * ITERS / s / 1e9);
        }
        if (Double.isNaN(sink)) {
            throw new AssertionError();           // keeps the chains' results alive
        }
        return best;
    }

    private static double chains64(int iters) {
        var s = DoubleVector.SPECIES_PREFERRED;
        DoubleVector m = DoubleVector.broadcast(s, 0.999999);
        DoubleVector c = DoubleVector.broadcast(s, 1e-6);
        DoubleVector a0 = DoubleVector.broadcast(s, 1);
        DoubleVector a1 = a0.add(1), a2 = a0.add(2), a3 = a0.add(3), a4 = a0.add(4), a5 = a0.add(5);
        DoubleVector a6 = a0.add(6), a7 = a0.add(7), a8 = a0.add(8), a9 = a0.add(9), a10 = a0.add(10);
        DoubleVector a11 = a0.add(11);
        for (int i = 0; i < iters; i++) {
            a0 = a0.fma(m, c); a1 = a1.fma(m, c); a2 = a2.fma(m, c); a3 = a3.fma(m, c);
            a4 = a4.fma(m, c); a5 = a5.fma(m, c); a6 = a6.fma(m, c); a7 = a7.fma(m, c);
            a8 = a8.fma(m, c); a9 = a9.fma(m, c); a10 = a10.fma(m, c); a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }

    private static double chains32(int iters) {
        var s = FloatVector.SPECIES_PREFERRED;
        FloatVector m = FloatVector.broadcast(s, 0.9999f);
        FloatVector c = FloatVector.broadcast(s, 1e-4f);
        FloatVector a0 = FloatVector.broadcast(s, 1);
        FloatVector a1 = a0.add(1), a2 = a0.add(2), a3 = a0.add(3), a4 = a0.add(4), a5 = a0.add(5);
        FloatVector a6 = a0.add(6), a7 = a0.add(7), a8 = a0.add(8), a9 = a0.add(9), a10 = a0.add(10);
        FloatVector a11 = a0.add(11);
        for (int i = 0; i < iters; i++) {
            a0 = a0.fma(m, c); a1 = a1.fma(m, c); a2 = a2.fma(m, c); a3 = a3.fma(m, c);
            a4 = a4.fma(m, c); a5 = a5.fma(m, c); a6 = a6.fma(m, c); a7 = a7.fma(m, c);
            a8 = a8.fma(m, c); a9 = a9.fma(m, c); a10 = a10.fma(m, c); a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }
}
