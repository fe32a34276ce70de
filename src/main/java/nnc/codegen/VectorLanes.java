package nnc.codegen;

/**
 * Whether generated classes write their matrix products with the JDK's incubating Vector API, and how many
 * doubles its preferred vectors hold.
 *
 * <p>In float64, only when asked for: {@code -Dnnc.vector=1} on a JVM run with
 * {@code --add-modules jdk.incubator.vector} ({@code NNC_VECTOR=1 ./nnc run …}). By default the products are plain
 * loops, which C2 vectorizes: in a fresh {@code nnc run} they cost far less to compile and never run boxed (Vector
 * API code allocates a box per operation until C2 has compiled it), and once compiled they run about as fast
 * (measured on a 2-core AVX2 machine, 1 thread, tiered compilation: whole training of config B 3.0 s with plain
 * loops against 5.0–5.6 s with the vector kernels, steady epochs 51–55 ms against 58–63; digits 2.0 s against
 * 2.9–3.4 s); without fused multiply-adds (float64 keeps the reference's bits) the vector kernels cannot do much
 * better.
 *
 * <p>In float32, whenever the JVM has the module (the launcher adds it): the products are Vector API kernels with
 * fused multiply-adds, in vectors at every width, where C2 vectorizes the plain loops' {@code Math.fma} at some
 * widths only; both give the same bits (see {@link Kernels}).
 */
public final class VectorLanes {
    private static final int PRESENT = probe();
    private static final int LANES = "1".equals(System.getProperty("nnc.vector")) ? PRESENT : 0;

    private VectorLanes() {
    }

    /**
     * Doubles per vector (4 with AVX2, 8 with AVX-512) for float64 classes, or 0 when the Vector API is not asked
     * for or not there.
     */
    public static int available() {
        return LANES;
    }

    /**
     * Doubles per vector for a class of this precision: float32 takes the Vector API whenever it is there and C2
     * compiles (else plain loops).
     */
    public static int of(nnc.model.Precision precision) {
        return precision == nnc.model.Precision.FLOAT32 ? PRESENT : LANES;
    }

    /**
     * Whether this JVM compiles with C2: not with {@code -Xint} ("interpreted mode") or {@code
     * -XX:TieredStopAtLevel=1} ("emulated-client", as some tools start Java), where Vector API code would run boxed
     * for good (config A in float32: 114 ms per epoch against 2, after a 10 s wait for kernels that never compile).
     */
    static boolean optimizingCompiler() {
        String info = System.getProperty("java.vm.info", "");
        return !info.contains("interpreted mode") && !info.contains("emulated-client");
    }

    private static int probe() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty() || !optimizingCompiler()) {
            return 0;
        }
        try {
            Object species = Class.forName("jdk.incubator.vector.DoubleVector").getField("SPECIES_PREFERRED")
                    .get(null);
            int lanes = (int) Class.forName("jdk.incubator.vector.VectorSpecies").getMethod("length").invoke(species);
            return lanes >= 8 ? 8 : lanes >= 4 ? 4 : 0;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return 0;
        }
    }
}
