package nnc.codegen;

/** Prints the lanes a float32 class would get in this JVM (run by {@link VectorLanesTest} in JVMs of its own). */
public final class LanesProbe {
    private LanesProbe() {
    }

    public static void main(String[] args) {
        System.out.println(VectorLanes.of(nnc.model.Precision.FLOAT32));
    }
}
