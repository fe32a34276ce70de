package nnc.train;

/** Small helpers for {@code double[][]} that the JDK lacks. */
public final class Arrays2 {
    private Arrays2() {
    }

    public static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    public static void fill(double[][] a, double v) {
        for (double[] row : a) {
            java.util.Arrays.fill(row, v);
        }
    }
}
