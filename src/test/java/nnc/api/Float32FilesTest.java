package nnc.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nnc.data.Csv;
import nnc.model.Precision;
import nnc.model.TrainConfig;
import nnc.report.WeightsFile;
import nnc.train.Net;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A float32 model's files: its weights file, its exported Java class and its ONNX model. */
class Float32FilesTest {
    private static final double[][] X = Csv.read(Path.of("models/data/iris.csv"), TrainConfig.Target.LAST).features();
    private static TrainedModel iris;

    @TempDir
    Path tmp;

    @BeforeAll
    static void train() {
        iris = Model.load(Path.of("models/iris.nn")).withPrecision(Precision.FLOAT32).withEpochs(10).train();
    }

    @Test
    void weightsAreWrittenAsShortestFloatsAndReadBackExactly() throws Exception {
        Path file = tmp.resolve("iris.json");
        iris.saveWeights(file);
        String text = Files.readString(file);
        JsonObject json = JsonParser.parseString(text).getAsJsonObject();
        assertEquals("float32", json.get("precision").getAsString());
        JsonObject layer = json.getAsJsonArray("layers").get(0).getAsJsonObject();
        int checked = 0;
        for (JsonElement row : layer.getAsJsonArray("weights")) {
            for (JsonElement v : row.getAsJsonArray()) {
                String written = v.getAsJsonPrimitive().getAsString();
                float f = Float.parseFloat(written);
                assertEquals(Float.toString(f), written, "the shortest decimal form of a float");
                checked++;
            }
        }
        assertEquals(16 * 4, checked);
        Matcher digits = Pattern.compile("-?\\d\\.\\d{12,}").matcher(text.substring(text.indexOf("\"layers\"")));
        assertTrue(!digits.find(), "no double-length numbers among the weights");

        TrainedModel loaded = Model.load(Path.of("models/iris.nn")).withWeights(file);
        assertEquals(Precision.FLOAT32, loaded.model().network().train().precision(), "the file's precision");
        assertArrayEquals(iris.predict(X), loaded.predict(X), "saved and loaded float32 weights predict the same bits");
    }

    @Test
    void weightsOfTheOtherPrecisionAreAccepted() throws Exception {
        Path file = tmp.resolve("iris32.json");
        iris.saveWeights(file);
        Model wide = Model.load(Path.of("models/iris.nn"));
        WeightsFile.Content single = WeightsFile.load(file, wide.network());
        Net net64 = Compiled.compile(wide.network(), 8).net();
        WeightsFile.apply(single, net64);
        assertArrayEquals(iris.net().weights(0), net64.weights(0), "float32 → float64 is exact");

        TrainedModel trained64 = wide.withEpochs(3).train();
        Path file64 = tmp.resolve("iris64.json");
        trained64.saveWeights(file64);
        Net net32 = Compiled.compile(wide.withPrecision(Precision.FLOAT32).network(), 8).net();
        WeightsFile.apply(WeightsFile.load(file64, wide.network()), net32);
        double[][] w64 = trained64.net().weights(0);
        double[][] w32 = net32.weights(0);
        for (int j = 0; j < w64.length; j++) {
            for (int i = 0; i < w64[j].length; i++) {
                assertEquals((double) (float) w64[j][i], w32[j][i], "float64 → float32 rounds to nearest");
            }
        }
    }

    @Test
    void theExportedClassIsFloatAndPredictsTheSameBits() throws Exception {
        String source = iris.exportJava("");
        assertTrue(source.contains("private static final float[][] W1;"), "float weights");
        Path java = tmp.resolve("Iris.java");
        Files.writeString(java, source);
        assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null,
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()), "-d", tmp.toString(), "--release", "17",
                java.toString()), "javac compiles the exported class");
        Class<?> c = new java.net.URLClassLoader(new java.net.URL[] {tmp.toUri().toURL()}, null).loadClass("Iris");
        Method predict = c.getMethod("predict", double[].class);
        double[][] expected = iris.predict(X);
        for (int r = 0; r < X.length; r++) {
            assertArrayEquals(expected[r], (double[]) predict.invoke(null, (Object) X[r]), "row " + r);
        }
    }

    @Test
    void theOnnxModelHasFloatTensorsAndAgrees() throws Exception {
        OrtEnvironment ort = OrtEnvironment.getEnvironment();
        float[][] x = new float[X.length][];
        for (int r = 0; r < X.length; r++) {
            x[r] = new float[X[r].length];
            for (int k = 0; k < X[r].length; k++) {
                x[r][k] = (float) X[r][k];
            }
        }
        double[][] expected = iris.predict(X);
        int[] classes = iris.predictClasses(X);
        try (OrtSession s = ort.createSession(iris.onnx(), new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(ort, x);
             OrtSession.Result result = s.run(Map.of("input", in))) {
            assertEquals(ai.onnxruntime.OnnxJavaType.FLOAT,
                    ((TensorInfo) s.getInputInfo().get("input").getInfo()).type);
            float[][] out = (float[][]) result.get("output").orElseThrow().getValue();
            long[] label = (long[]) result.get("label").orElseThrow().getValue();
            for (int r = 0; r < X.length; r++) {
                for (int j = 0; j < 3; j++) {
                    // the input is rounded to float before the normalization here, after it in nnc; onnxruntime
                    // sums in its own order: float rounding, a few ulps of outputs of size ≤ 1
                    assertEquals(expected[r][j], out[r][j], 1e-5, "row " + r + " output " + j);
                }
                if (Math.abs(expected[r][classes[r]] - secondLargest(expected[r])) > 1e-4) {
                    assertEquals(classes[r], label[r], "label of row " + r);
                }
            }
        }
    }

    private static double secondLargest(double[] v) {
        double first = Double.NEGATIVE_INFINITY;
        double second = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            if (d > first) {
                second = first;
                first = d;
            } else if (d > second) {
                second = d;
            }
        }
        return second;
    }
}
