package nnc.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import nnc.cli.Main;
import nnc.data.Csv;
import nnc.data.Table;
import nnc.model.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTest {
    private static final Table IRIS = Csv.read(Path.of("models/data/iris.csv"),
            TrainConfig.Target.LAST);

    private static int[] labels(Table t) {
        int[] y = new int[t.rows()];
        for (int r = 0; r < y.length; r++) {
            y[r] = (int) t.target()[r][0];
        }
        return y;
    }

    @Test
    void sourceErrorsCarryWhatTheCommandLinePrints(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("bad.nn");
        Files.writeString(bad, "model Bad {\n  input 2\n  dense 3 rleu\n  dense 1 sigmoid\n  loss mse\n"
                + "  optimizer sgd(lr = -1)\n}\n");
        NncException e = assertThrows(NncException.class, () -> Model.load(bad));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(new String[] {"check", bad.toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(exit, e.exitCode());
        assertEquals(1, e.exitCode());
        assertEquals(err.toString(StandardCharsets.UTF_8), e.getMessage());
        assertEquals(2, e.diagnostics().size(), e.getMessage());
        NncException.Diagnostic first = e.diagnostics().get(0);
        assertEquals(3, first.line());
        assertEquals(11, first.column());
        assertTrue(e.getMessage().startsWith(first + "\n"), e.getMessage());
        assertEquals(2, assertThrows(NncException.class, () -> Model.load(tmp.resolve("none.nn"))).exitCode());
    }

    @Test
    void preparedTrainingAndSavedWeightsGiveTheFiguresOfOneCall(@TempDir Path tmp) {
        Model iris = Model.load(Path.of("models/iris.nn")).withEpochs(3);
        Training prepared = iris.prepare(null);
        assertEquals(105, prepared.data().train.rows() + prepared.data().validation.rows());
        TrainedModel stepwise = prepared.train(new nnc.train.Trainer.Listener() { }, false);
        Evaluation once = iris.train().testEvaluation().orElseThrow();
        Evaluation again = stepwise.testEvaluation().orElseThrow();
        assertEquals(once.loss(), again.loss(), 0.0, "same data, seed and batches: the same bits");
        assertArrayEquals(once.confusion(), again.confusion());
        Path w = tmp.resolve("w.json");
        stepwise.saveWeights(w);
        Scores saved = iris.evaluate(nnc.report.WeightsFile.load(w, iris.network()), null);
        assertEquals(45, saved.rows());
        assertEquals(once.loss(), saved.metrics().loss(), 0.0);
        assertEquals(once.accuracy(), saved.evaluation(true).accuracy(), 0.0);
        double[][] raw = {{5.1, 3.5, 1.4, 0.2}, {6.7, 3.0, 5.2, 2.3}};
        double[][] fromFile = iris.predict(nnc.report.WeightsFile.load(w, iris.network()), raw);
        for (int r = 0; r < raw.length; r++) {
            assertArrayEquals(stepwise.predict(raw[r]), fromFile[r], 0.0, "saved weights predict the same bits");
        }
    }

    @Test
    void trainsSavesLoadsAndEvaluatesWithoutPrinting(@TempDir Path tmp) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TrainedModel iris;
        Path weights = tmp.resolve("iris.json");
        try {
            System.setOut(new PrintStream(printed));
            System.setErr(new PrintStream(printed));
            iris = Model.load(Path.of("models/iris.nn")).withEpochs(20).train();
            iris.saveWeights(weights);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals("", printed.toString(), "library code prints nothing");
        assertEquals(20, iris.history().size());
        assertTrue(iris.isClassifier());
        assertEquals(3, iris.classes());

        double[][] x = IRIS.features();
        int[] y = labels(IRIS);
        TrainedModel loaded = Model.load(Path.of("models/iris.nn")).withWeights(weights);
        double[][] p = iris.predict(x);
        assertArrayEquals(p, loaded.predict(x), "saved and loaded weights predict the same bits");
        int[] classes = loaded.predictClasses(x);
        int right = 0;
        for (int r = 0; r < y.length; r++) {
            int best = p[r][0] >= p[r][1] && p[r][0] >= p[r][2] ? 0 : p[r][1] >= p[r][2] ? 1 : 2;
            assertEquals(best, classes[r]);
            right += best == y[r] ? 1 : 0;
            assertEquals(1.0, p[r][0] + p[r][1] + p[r][2], 1e-12);
        }
        Evaluation e = loaded.evaluate(x, y);
        assertEquals((double) right / y.length, e.accuracy());
        assertTrue(e.accuracy() > 0.8, "accuracy " + e.accuracy());
        assertEquals(150, e.rows());

        NncException ragged = assertThrows(NncException.class, () -> iris.predict(new double[][] {{1, 2, 3}}));
        assertEquals(2, ragged.exitCode());
        assertThrows(NncException.class, () -> iris.evaluate(x, new double[x.length]));
        String java = iris.exportJava("demo");
        assertTrue(java.contains("\npackage demo;\n"), java.substring(0, 80));
        assertTrue(java.contains("class Iris"));
    }

    @Test
    void regressorLearnsALinearFunctionAndScoresR2() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        double[][] x = new double[300][3];
        double[] y = new double[300];
        for (int r = 0; r < x.length; r++) {
            for (int c = 0; c < 3; c++) {
                x[r][c] = random.nextDouble(-1, 1);
            }
            y[r] = 3 * x[r][0] - 2 * x[r][1] + 0.5 * x[r][2];
        }
        MLPRegressor m = new MLPRegressor(new int[] {16}, 0.01, 60).setRandomState(3);
        m.train(x, y);
        double[] predicted = m.predict(x);
        double mean = java.util.Arrays.stream(y).average().orElseThrow();
        double se = 0;
        double ss = 0;
        for (int r = 0; r < y.length; r++) {
            se += (y[r] - predicted[r]) * (y[r] - predicted[r]);
            ss += (y[r] - mean) * (y[r] - mean);
        }
        assertEquals(1 - se / ss, m.score(x, y), 1e-12);
        assertTrue(m.score(x, y) > 0.95, "R² " + m.score(x, y));
        String nn = m.toNn();
        assertTrue(nn.contains("batch     = 200"), nn);
        assertTrue(nn.contains("normalize = none"), nn);
        assertTrue(nn.contains("regularize l2(0.000001)"), "2 · 1e-4 / 200: " + nn);
        assertEquals("model MLPRegressor, 3 → 16 relu → 1 identity, 81 parameters", Model.parse(nn).summary());
    }

    @Test
    void classifierDefaultsFollowTheHomeworkAndScikitLearn() {
        double[][] x = IRIS.features();
        int[] y = labels(IRIS);
        MLPClassifier m = new MLPClassifier();
        m.train(x, y);
        String nn = m.toNn();
        assertTrue(nn.contains("dense 100 relu"), nn);
        assertTrue(nn.contains("dense 3 softmax"), nn);
        assertTrue(nn.contains("adam(lr = 0.001, beta1 = 0.9, beta2 = 0.999, eps = 1e-8)"), nn);
        assertTrue(nn.contains("epochs    = 10"), nn);
        assertTrue(nn.contains("batch     = 150"), "min(200, n): " + nn);
        assertTrue(nn.contains("regularize l2(6.666666666666667e-7)"), "1e-4 / 150: " + nn);
        int[] predicted = m.predict(x);
        int right = 0;
        for (int r = 0; r < y.length; r++) {
            right += predicted[r] == y[r] ? 1 : 0;
        }
        assertEquals((double) right / y.length, m.score(x, y));
        double[][] p = m.predictProba(x);
        assertEquals(3, p[0].length);

        int[] binary = new int[y.length];
        for (int r = 0; r < y.length; r++) {
            binary[r] = y[r] == 0 ? 1 : 0;
        }
        MLPClassifier setosa = new MLPClassifier(new int[] {8}, 0.05, 30).setScaling("standard");
        setosa.train(x, binary);
        assertTrue(setosa.toNn().contains("dense 1 logistic"), setosa.toNn());
        assertEquals(1.0, setosa.score(x, binary), "setosa is linearly separable");
        assertEquals(2, setosa.predictProba(x)[0].length);

        assertThrows(IllegalStateException.class, () -> new MLPClassifier().predict(x));
        assertEquals(2, assertThrows(NncException.class, () -> new MLPRegressor(new int[] {0}, 0.1, 1)).exitCode());
        assertThrows(NncException.class, () -> new MLPClassifier().train(x, new int[x.length - 1]));
    }
}
