package nnc.api;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.lang.model.SourceVersion;

/** Argument checks shared by the API's entry points; they fail with {@link NncException} (exit status 2). */
final class Checks {
    private Checks() {
    }

    /** Rows of {@code model.inputSize()} finite values, as many as {@code targets}; returns the row count. */
    static int checkRows(Model model, double[][] x, int targets) {
        if (x == null) {
            throw Model.usage("the feature rows are null");
        }
        if (targets >= 0 && targets != x.length) {
            throw Model.usage(x.length + " feature rows but " + targets + " targets");
        }
        if (x.length == 0) {
            throw Model.usage("there are no rows");
        }
        for (int r = 0; r < x.length; r++) {
            if (x[r] == null || x[r].length != model.inputSize()) {
                throw Model.usage("row " + r + " has " + (x[r] == null ? "no" : String.valueOf(x[r].length))
                        + " values but model " + model.name() + " has " + model.inputSize() + " inputs");
            }
            for (int c = 0; c < x[r].length; c++) {
                if (!Double.isFinite(x[r][c])) {
                    throw Model.usage("row " + r + ", column " + c + ": " + x[r][c] + " is not a finite number");
                }
            }
        }
        return x.length;
    }

    static double[] toDoubles(int[] labels) {
        double[] y = new double[labels.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels[i];
        }
        return y;
    }

    /** Each value as a one-column row. */
    static double[][] columns(double[] y) {
        double[][] t = new double[y.length][];
        for (int i = 0; i < y.length; i++) {
            t[i] = new double[] {y[i]};
        }
        return t;
    }

    static String checkPackage(String packageName) {
        if (packageName == null || !packageName.isEmpty() && !SourceVersion.isName(packageName)) {
            throw Model.usage("package " + packageName + ": not a valid Java package name");
        }
        return packageName;
    }

    /** Writes {@code DIR/P/Name.java}; returns its path. */
    static Path write(JavaFile source, Path dir) {
        try {
            Files.createDirectories(dir);
            return source.writeToPath(dir);
        } catch (IOException e) {
            throw Model.usage(dir + ": cannot write there (" + e + ")");
        }
    }
}
