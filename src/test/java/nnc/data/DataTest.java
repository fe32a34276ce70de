package nnc.data;

import nnc.model.UserError;
import nnc.train.Initializer;
import nnc.train.Net;
import nnc.train.Trainer;
import nnc.train.Workers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import nnc.TestModels;
import nnc.model.Network;
import nnc.model.TrainConfig;
import nnc.model.TrainConfig.Normalize;
import nnc.model.TrainConfig.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading, splitting, normalizing and encoding data. */
class DataTest {
    @TempDir
    Path tmp;

    private static Table csv(String text, Target target) throws IOException {
        return Csv.read("t.csv", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), target);
    }

    /** The first target column of every row. */
    private static double[] first(Table t) {
        return java.util.Arrays.stream(t.target()).mapToDouble(r -> r[0]).toArray();
    }

    @Test
    void headerIsDetectedAndTargetChosenByNameIndexOrPosition() throws IOException {
        String text = "a,b,label\n1,2,0\n3,4,1\n";
        Table byName = csv(text, new Target(Target.Kind.HEADER, -1, "b"));
        assertEquals(java.util.List.of("a", "label"), byName.featureNames());
        assertArrayEquals(new double[] {2, 4}, first(byName));
        assertArrayEquals(new double[] {1, 0}, byName.features()[0]);
        assertArrayEquals(new double[] {1, 3}, first(csv(text, new Target(Target.Kind.FIRST, -1, null))));
        assertArrayEquals(new double[] {0, 1}, first(csv(text, new Target(Target.Kind.LAST, -1, null))));
        assertArrayEquals(new double[] {2, 4}, first(csv(text, new Target(Target.Kind.INDEX, 1, null))));
        assertArrayEquals(new int[] {2, 3}, byName.rowNumbers(), "line numbers count the header");
        Table noHeader = csv("1,2,0\n3,4,1\n", new Target(Target.Kind.LAST, -1, null));
        assertEquals(2, noHeader.rows());
        assertThrows(UserError.class, () -> csv(text, new Target(Target.Kind.HEADER, -1, "c")));
        assertThrows(UserError.class, () -> csv(text, new Target(Target.Kind.INDEX, 3, null)));
    }

    @Test
    void byteOrderMarkAndQuotedCells() throws IOException {
        Table t = csv("\uFEFF1,2,0\n3,4,1\n", new Target(Target.Kind.LAST, -1, null));
        assertEquals(2, t.rows(), "a byte-order mark does not turn the first row into a header");
        Table quoted = csv("\"a\",\"b\",\"label\"\n\"1.5\", 2 ,\"0\"\n", new Target(Target.Kind.HEADER, -1, "label"));
        assertArrayEquals(new double[] {1.5, 2}, quoted.features()[0]);
        assertEquals(java.util.List.of("a", "b"), quoted.featureNames());
    }

    @Test
    void normalizationIsFittedOnTheGivenRowsAndConstantColumnsMapToZero() {
        double[][] train = {{0, 5, 1}, {10, 5, 3}};
        Normalizer minmax = Normalizer.fit(new Normalize(Normalize.Kind.MINMAX, 1), train, 3);
        assertArrayEquals(new double[] {0.5, 0, 0.5}, minmax.apply(new double[] {5, 5, 2}));
        assertArrayEquals(new double[] {2, 0, 1.5}, minmax.apply(new double[] {20, 7, 4}), "unseen rows use the "
                + "training statistics");
        Normalizer standard = Normalizer.fit(new Normalize(Normalize.Kind.STANDARD, 1), train, 3);
        assertArrayEquals(new double[] {-1, 0, 1}, standard.apply(new double[] {0, 5, 3}), 1e-15);
        assertArrayEquals(new double[] {0, 0.5, 0.1},
                Normalizer.fit(new Normalize(Normalize.Kind.SCALE, 0.1), train, 3).apply(new double[] {0, 5, 1}),
                1e-15);
        assertArrayEquals(new double[] {3, 4, 5},
                Normalizer.fit(new Normalize(Normalize.Kind.NONE, 1), train, 3).apply(new double[] {3, 4, 5}));
    }

    @Test
    void splitsAreSeededAndNormalizationUsesTrainingRowsOnly() throws IOException {
        StringBuilder rows = new StringBuilder("x,y\n");
        for (int i = 0; i < 100; i++) {
            rows.append(i).append(',').append(i * 2).append('\n');
        }
        Files.writeString(tmp.resolve("d.csv"), rows.toString());
        String model = "model R {\n input 1\n dense 1\n loss mse\n optimizer sgd\n"
                + " train { data = \"" + tmp.resolve("d.csv") + "\"; test = 0.2; validation = 0.25; seed = SEED }\n}\n";
        Network net = TestModels.network(model.replace("SEED", "3"));
        Data a = Data.load(net);
        Data b = Data.load(net);
        Data c = Data.load(TestModels.network(model.replace("SEED", "4")));
        assertEquals(60, a.train.rows());
        assertEquals(20, a.validation.rows());
        assertEquals(20, a.test.rows());
        assertTrue(java.util.Arrays.deepEquals(a.test.values(), b.test.values()), "same seed, same split");
        assertTrue(!java.util.Arrays.deepEquals(a.test.values(), c.test.values()), "another seed, another split");
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double[] x : a.train.x()) {
            min = Math.min(min, x[0]);
            max = Math.max(max, x[0]);
        }
        assertEquals(0, min, 1e-12, "minmax fitted on the training rows maps them onto [0, 1]");
        assertEquals(1, max, 1e-12);
        assertEquals(Network.Task.REGRESSION, a.task);
        assertEquals(a.test.values()[0][0], a.test.t()[0][0], "regression targets are not normalized");
    }

    @Test
    void classificationTargetsAreOneHotOrSingleColumn() throws IOException {
        Files.writeString(tmp.resolve("c.csv"), "1,0\n2,1\n3,2\n4,1\n5,0\n");
        Network three = TestModels.network("model C {\n input 1\n dense 3 softmax\n loss cross_entropy\n"
                + " optimizer sgd\n train { data = \"" + tmp.resolve("c.csv") + "\"; test = 0.4 }\n}\n");
        Data d = Data.load(three);
        for (int r = 0; r < d.train.rows(); r++) {
            double[] expected = new double[3];
            expected[d.train.labels()[r]] = 1;
            assertArrayEquals(expected, d.train.t()[r]);
        }
        Network mse3 = TestModels.network("model C {\n input 1\n dense 3\n loss mse\n optimizer sgd\n"
                + " train { data = \"" + tmp.resolve("c.csv") + "\"; task = classification; test = 0.4 }\n}\n");
        assertEquals(Network.Task.CLASSIFICATION, Data.load(mse3).task, "task overrides the default for mse");
        Network mse2 = TestModels.network("model C {\n input 1\n dense 2\n loss mse\n optimizer sgd\n"
                + " train { data = \"" + tmp.resolve("c.csv") + "\"; task = classification; test = 0.4 }\n}\n");
        UserError e = assertThrows(UserError.class, () -> Data.load(mse2));
        assertEquals(UserError.DATA, e.exitCode(), "label 2 does not fit 2 outputs");
    }

    @Test
    void separateTestFileTargetFirstAndNoShuffle() throws IOException {
        Files.writeString(tmp.resolve("train.csv"), "label,x\n0,1\n1,5\n0,2\n1,6\n");
        Files.writeString(tmp.resolve("test.csv"), "label,x\n1,7\n0,0\n");
        String text = "model S {\n input 1\n dense 2 softmax\n loss cross_entropy\n optimizer sgd(lr = 0.5)\n"
                + " train { data = \"TRAIN\"; test = \"TEST\"; target = first; shuffle = false; epochs = 3;"
                + " batch = 2 }\n}\n";
        Network net = TestModels.network(text.replace("TRAIN", tmp.resolve("train.csv").toString())
                .replace("TEST", tmp.resolve("test.csv").toString()));
        Data d = Data.load(net);
        assertEquals(4, d.train.rows());
        assertArrayEquals(new int[] {1, 0}, d.test.labels(), "the test file, in its own order");
        assertEquals((7.0 - 1) / (6 - 1), d.test.x()[0][0], 1e-15, "normalized with the training rows' min 1 and max 6");
        Trainer.Result a = train(net, d);
        Trainer.Result b = train(net, d);
        assertEquals(a.history(), b.history().stream().map(e -> new Trainer.Epoch(e.epoch(), e.loss(), e.accuracy(),
                e.valLoss(), e.valAccuracy(), e.lr(), a.history().get(e.epoch() - 1).ms())).toList());
    }

    private static Trainer.Result train(Network net, Data d) {
        Net n = TestModels.generated(net, 2);
        Initializer.initialize(n, net, 1);
        return new Trainer(n, net, d, new Trainer.Listener() { }).train(new Workers());
    }

    @Test
    void builtInSets() {
        Network digits = TestModels.network("model D {\n input [8, 8]\n dense 10 softmax\n loss cross_entropy\n"
                + " optimizer sgd\n train { data = digits; validation = 0.1 }\n}\n");
        Data d = Data.load(digits);
        assertEquals(3823 - 382, d.train.rows());
        assertEquals(382, d.validation.rows());
        assertEquals(1797, d.test.rows(), "the original writer-independent test part");
        Network xor = TestModels.network("model X {\n input 2\n dense 1 sigmoid\n loss binary_cross_entropy\n"
                + " optimizer sgd\n train { data = xor }\n}\n");
        Data x = Data.load(xor);
        assertEquals(4, x.train.rows());
        assertEquals(4, x.test.rows());
        assertArrayEquals(new int[] {0, 1, 1, 0}, x.test.labels());
    }

    @Test
    void schedules() {
        assertEquals(0.1, new TrainConfig.Schedule(TrainConfig.Schedule.Kind.CONSTANT, 0, 0).rate(0.1, 7, 10));
        assertEquals(0.1 * 0.25, new TrainConfig.Schedule(TrainConfig.Schedule.Kind.STEP, 3, 0.5).rate(0.1, 7, 10),
                1e-15);
        assertEquals(0.1 * Math.pow(0.9, 4),
                new TrainConfig.Schedule(TrainConfig.Schedule.Kind.EXPONENTIAL, 0.9, 0).rate(0.1, 4, 10), 1e-15);
        TrainConfig.Schedule cosine = new TrainConfig.Schedule(TrainConfig.Schedule.Kind.COSINE, 0, 0);
        assertEquals(0.1, cosine.rate(0.1, 0, 10), 1e-15);
        assertEquals(0.05, cosine.rate(0.1, 5, 10), 1e-15);
    }
}
