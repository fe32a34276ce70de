package nnc.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import nnc.cli.Main;
import nnc.data.Csv;
import nnc.model.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exported ONNX models, run by onnxruntime, give what nnc predicts: on every test row of the shipped iris,
 * digits and diabetes models, and on a model that uses every activation, within 1e-12 (float64).
 */
class OnnxExportTest {
    private static final OrtEnvironment ORT = OrtEnvironment.getEnvironment();
    private static final double TOLERANCE = 1e-12;

    /** The outputs and labels onnxruntime computes. */
    private record Run(double[][] output, long[] label, OrtSession session) {
    }

    private static Run run(byte[] model, double[][] x) throws OrtException {
        OrtSession session = ORT.createSession(model, new OrtSession.SessionOptions());
        try (OnnxTensor in = OnnxTensor.createTensor(ORT, x); OrtSession.Result r = session.run(Map.of("input", in))) {
            double[][] out = (double[][]) r.get("output").orElseThrow().getValue();
            long[] label = r.get("label").isPresent() ? (long[]) r.get("label").get().getValue() : null;
            return new Run(out, label, session);
        }
    }

    /** Largest |onnxruntime − nnc| over all rows and outputs; labels must agree exactly. */
    private static double agree(TrainedModel m, double[][] x) throws OrtException {
        Run r = run(m.onnx(), x);
        double[][] expected = m.predict(x);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                worst = Math.max(worst, Math.abs(r.output()[i][j] - expected[i][j]));
            }
        }
        if (m.isClassifier()) {
            int[] classes = m.predictClasses(x);
            for (int i = 0; i < x.length; i++) {
                assertEquals(classes[i], r.label()[i], "label of row " + i);
            }
        }
        r.session().close();
        assertTrue(worst <= TOLERANCE, m.model().name() + ": onnxruntime differs from nnc by " + worst);
        return worst;
    }

    private static double[][] csvRows(Model m, String csv) {
        return Csv.read(Path.of("models/data/" + csv), m.network().train().target()).features();
    }

    @Test
    void irisAndDiabetesAgreeOnEveryRow() throws OrtException {
        Model iris = Model.load(Path.of("models/iris.nn")).withEpochs(5);
        agree(iris.train(), csvRows(iris, "iris.csv"));
        Model diabetes = Model.load(Path.of("models/diabetes.nn")).withEpochs(5);
        agree(diabetes.train(), csvRows(diabetes, "diabetes.csv"));
    }

    @Test
    void digitsAgreeOnEveryTestRow() throws OrtException, IOException {
        TrainedModel digits = Model.load(Path.of("models/digits.nn")).withEpochs(1).train();
        double[][] test;
        try (InputStream in = new GZIPInputStream(Csv.class.getResourceAsStream("/nnc/data/optdigits.tes.csv.gz"))) {
            test = Csv.read("optdigits.tes", in, TrainConfig.Target.LAST)
                    .features();
        }
        assertEquals(1797, test.length);
        agree(digits, test);
    }

    @Test
    void everyActivationAgrees() throws OrtException {
        Model model = Model.parse("all.nn", """
                model Every {
                    input 3
                    dense 6 step { trainable = false }
                    dense 6 sigmoid
                    dense 6 tanh
                    dense 6 relu
                    dense 6 leaky_relu(alpha = 0.2)
                    dense 6 elu(alpha = 0.7)
                    dense 6 gelu
                    dense 6 silu
                    dense 6 softplus
                    dense 6 selu
                    dense 6 mish
                    dense 6 identity { bias_term = false }
                    dense 3 softmax
                    loss cross_entropy
                    optimizer adam(lr = 0.01)
                    train { epochs = 3; batch = 16; normalize = minmax; seed = 4 }
                }
                """);
        java.util.SplittableRandom random = new java.util.SplittableRandom(9);
        double[][] x = new double[200][3];
        int[] y = new int[200];
        for (int r = 0; r < x.length; r++) {
            for (int c = 0; c < 3; c++) {
                x[r][c] = random.nextDouble(-30, 30);
            }
            y[r] = x[r][0] > 0 ? (x[r][1] > 0 ? 2 : 1) : 0;
        }
        agree(model.train(x, y), x);

        Model regression = Model.parse("softplus.nn", """
                model Wide {
                    input 2
                    dense 8 softplus
                    dense 8 elu
                    dense 1 sigmoid
                    loss mse
                    optimizer sgd(lr = 0.1)
                    train { epochs = 2; normalize = none; normalize_target = standard; task = regression }
                }
                """);
        agree(regression.train(x(x), y(y)), x(x));
    }

    private static double[][] x(double[][] x) {
        double[][] two = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            two[r] = new double[] {x[r][0], x[r][2]};
        }
        return two;
    }

    private static double[] y(int[] y) {
        double[] v = new double[y.length];
        for (int r = 0; r < y.length; r++) {
            v[r] = y[r] / 2.0;
        }
        return v;
    }

    @Test
    void commandLineWritesANamedModelWithASymbolicBatch(@TempDir Path tmp) throws Exception {
        Path weights = tmp.resolve("iris.json");
        Path onnx = tmp.resolve("iris.onnx");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        assertEquals(0, Main.run(new String[] {"run", "models/iris.nn", "--epochs", "3", "--save", weights.toString()},
                quiet, quiet));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, Main.run(new String[] {"export", "models/iris.nn", "--weights", weights.toString(), "--onnx",
                onnx.toString()}, new PrintStream(out, true), quiet));
        assertEquals("wrote " + onnx, out.toString().trim());

        try (OrtSession s = ORT.createSession(Files.readAllBytes(onnx), new OrtSession.SessionOptions())) {
            assertEquals(java.util.Set.of("input"), s.getInputNames());
            assertEquals(java.util.Set.of("output", "label"), s.getOutputNames());
            NodeInfo input = s.getInputInfo().get("input");
            assertArrayEquals(new long[] {-1, 4}, ((TensorInfo) input.getInfo()).getShape(), "batch is symbolic");
            assertEquals(ai.onnxruntime.OnnxJavaType.DOUBLE, ((TensorInfo) input.getInfo()).type);
            Map<String, String> meta = s.getMetadata().getCustomMetadata();
            assertEquals("Iris", meta.get("model"));
            assertEquals("0,1,2", meta.get("classes"));
            assertEquals("standard", meta.get("normalization"));
            assertEquals("Iris", s.getMetadata().getGraphName());
        }
        TrainedModel loaded = Model.load(Path.of("models/iris.nn")).withWeights(weights);
        Run r = run(Files.readAllBytes(onnx), new double[][] {{5.1, 3.5, 1.4, 0.2}, {6.7, 3.0, 5.2, 2.3}});
        r.session().close();
        double[][] expected = loaded.predict(new double[][] {{5.1, 3.5, 1.4, 0.2}, {6.7, 3.0, 5.2, 2.3}});
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(expected[i], r.output()[i], TOLERANCE);
        }

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, Main.run(new String[] {"export", "models/iris.nn", "--weights", weights.toString(), "--onnx",
                tmp.resolve("iris.txt").toString()}, quiet, new PrintStream(err, true)));
        assertTrue(err.toString().contains(".onnx"), err.toString());
    }
}
