package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.ToolProvider;
import nnc.check.Frontend;
import nnc.model.Network;
import nnc.data.Csv;
import nnc.report.WeightsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --save, then predict and export from the saved weights: all three agree exactly. */
class SaveLoadTest {
    @TempDir
    Path tmp;

    @Test
    void exportedClassPredictsExactlyWhatPredictPrints() throws Exception {
        Path weights = tmp.resolve("iris.json");
        Cli run = Cli.run("run", "models/iris.nn", "--save", weights.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(Files.readString(weights).contains("\"format\":\"nnc-weights\""));

        Cli predict = Cli.run("predict", "models/iris.nn", "--weights", weights.toString(), "5.1,3.5,1.4,0.2");
        assertEquals(0, predict.exit(), predict.err());
        assertTrue(predict.out().startsWith("class 0 (p = "), predict.out());
        Cli many = Cli.run("predict", "models/iris.nn", "--weights", weights.toString(), "--input",
                "models/data/iris.csv");
        assertEquals(150, many.out().lines().count());

        Cli export = Cli.run("export", "models/iris.nn", "--weights", weights.toString(), "-o", tmp.toString(),
                "--package", "exported");
        assertEquals(0, export.exit(), export.err());
        Path source = tmp.resolve("exported/Iris.java");
        String text = Files.readString(source);
        assertTrue(!text.contains("import nnc"), "JDK only");
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, new ByteArrayOutputStream(), "-d",
                tmp.toString(), "--release", "17", source.toString());
        assertEquals(0, rc, "javac compiles the exported class");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, null)) {
            Class<?> c = loader.loadClass("exported.Iris");
            Method predictMethod = c.getMethod("predict", double[].class);
            Method classify = c.getMethod("classify", double[].class);
            Network net = Frontend.compile("iris.nn", Files.readString(Path.of("models/iris.nn"))).network();
            WeightsFile.Content content = WeightsFile.load(weights, net);
            double[][] rows = Csv.read(Path.of("models/data/iris.csv"), net.train().target()).features();
            double[][] expected = nnc.api.Model.of(net, "iris.nn").predict(content, rows);
            for (int r = 0; r < rows.length; r++) {
                double[] y = (double[]) predictMethod.invoke(null, (Object) rows[r]);
                assertArrayEquals(expected[r], y, 0.0, "row " + r);
                assertEquals(nnc.train.Metrics.predictedClass(expected[r]), classify.invoke(null,
                        (Object) rows[r]));
            }
        }
    }

    @Test
    void weightsOfAnotherModelAreRefused() throws Exception {
        Path weights = tmp.resolve("w.json");
        assertEquals(0, Cli.run("run", "models/xor_learned.nn", "--epochs", "2", "--save", weights.toString()).exit());
        Cli c = Cli.run("predict", "models/iris.nn", "--weights", weights.toString(), "1", "2", "3", "4");
        assertEquals(3, c.exit());
        assertTrue(c.err().contains("holds the weights of model XorLearned, not of model Iris"), c.err());
        Files.writeString(tmp.resolve("junk.json"), "{ not json");
        assertEquals(3, Cli.run("predict", "models/iris.nn", "--weights", tmp.resolve("junk.json").toString(), "1",
                "2", "3", "4").exit());
        assertEquals(2, Cli.run("predict", "models/xor_learned.nn", "--weights", weights.toString(), "1").exit());
    }

    @Test
    void regressionPredictionsAreNumbersAndExportHasNoClassify() throws Exception {
        Path weights = tmp.resolve("d.json");
        assertEquals(0, Cli.run("run", "models/diabetes.nn", "--epochs", "5", "--save", weights.toString()).exit());
        Cli c = Cli.run("predict", "models/diabetes.nn", "--weights", weights.toString(),
                "59,2,32.1,101.0,157,93.2,38.0,4.0,4.8598,87");
        assertEquals(0, c.exit(), c.err());
        double printed = Double.parseDouble(c.out().trim());

        assertEquals(0, Cli.run("export", "models/diabetes.nn", "--weights", weights.toString(), "-o",
                tmp.toString()).exit());
        Path source = tmp.resolve("Diabetes.java");
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, new ByteArrayOutputStream(), "-d",
                tmp.toString(), "--release", "17", source.toString());
        assertEquals(0, rc);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, null)) {
            Class<?> exported = loader.loadClass("Diabetes");
            double[] y = (double[]) exported.getMethod("predict", double[].class).invoke(null,
                    (Object) new double[] {59, 2, 32.1, 101.0, 157, 93.2, 38.0, 4.0, 4.8598, 87});
            assertEquals(printed, y[0], Math.abs(printed) * 1e-5, "predict prints 6 significant digits");
            assertTrue(java.util.Arrays.stream(exported.getMethods()).noneMatch(m -> m.getName().equals("classify")),
                    "a regression model has no classify");
        }
    }
}
