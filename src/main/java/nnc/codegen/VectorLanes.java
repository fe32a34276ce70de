package nnc.codegen;

/**
 * Whether this JVM offers the Vector API ({@code java --add-modules jdk.incubator.vector}, as the launcher runs
 * {@code nnc run}) and how many doubles its preferred vectors hold. Generated classes use it for their matrix
 * products when it is there, and plain loops otherwise ({@code -Dnnc.vector=0} asks for plain loops regardless).
 */
public final class VectorLanes {
    private static final int LANES = probe();

    private VectorLanes() {
    }

    /** Doubles per vector (4 with AVX2, 8 with AVX-512), or 0 when the Vector API is not there or not worth it. */
    public static int available() {
        return LANES;
    }

    private static int probe() {
        if ("0".equals(System.getProperty("nnc.vector")) || ModuleLayer.boot().findModule("jdk.incubator.vector")
                .isEmpty()) {
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
