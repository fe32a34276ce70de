package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evaluate, predict --format, run --weights and run --quiet on weights saved by run --save. */
class SavedWeightsTest {
    @TempDir
    Path tmp;

    @Test
    void savedWeightsAreEvaluatedPredictedAndTrainedFurther() throws Exception {
        Path weights = tmp.resolve("iris.json");
        Cli run = Cli.run("run", "models/iris.nn", "--epochs", "10", "--json", "--save", weights.toString());
        assertEquals(0, run.exit(), run.err());
        JsonObject test = run.json().getAsJsonObject("test");

        // evaluate: the test figures run printed after training, from the saved weights alone
        Cli evaluate = Cli.run("evaluate", "models/iris.nn", "--weights", weights.toString(), "--json");
        assertEquals(0, evaluate.exit(), evaluate.err());
        assertEquals(test, evaluate.json().getAsJsonObject("test"));
        Cli human = Cli.run("evaluate", "models/iris.nn", "--weights", weights.toString());
        assertTrue(human.out().contains(String.format(java.util.Locale.ROOT, "Test: loss %.4f  accuracy %.4f",
                test.get("loss").getAsDouble(), test.get("accuracy").getAsDouble())), human.out());
        assertTrue(human.out().contains("Confusion matrix"), human.out());

        // predict --format csv: the species column of the input kept, then the class and its probabilities
        Cli csv = Cli.run("predict", "models/iris.nn", "--weights", weights.toString(), "--format", "csv",
                "--input", "models/data/iris.csv");
        assertEquals(0, csv.exit(), csv.err());
        List<String> lines = csv.out().lines().toList();
        assertEquals("species,class,p0,p1,p2", lines.get(0));
        assertEquals(151, lines.size());
        int right = 0;
        for (String line : lines.subList(1, lines.size())) {
            double[] v = java.util.Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray();
            int best = v[2] >= v[3] && v[2] >= v[4] ? 0 : v[3] >= v[4] ? 1 : 2;
            assertEquals(best, (int) v[1], "the class is the most probable one: " + line);
            assertEquals(1, v[2] + v[3] + v[4], 1e-12);
            right += v[0] == v[1] ? 1 : 0;
        }
        // evaluate --data scores every row of a labelled file: the share of rows predict gets right
        Cli all = Cli.run("evaluate", "models/iris.nn", "--weights", weights.toString(), "--data",
                "models/data/iris.csv", "--json");
        assertEquals(0, all.exit(), all.err());
        assertEquals(150, all.json().getAsJsonObject("test").get("rows").getAsInt());
        assertEquals(right / 150.0, all.json().getAsJsonObject("test").get("accuracy").getAsDouble(), 1e-15);

        // predict --format json: one object, the class and the probabilities of each row
        Cli json = Cli.run("predict", "models/iris.nn", "--weights", weights.toString(), "--format", "json",
                "5.1,3.5,1.4,0.2");
        assertEquals(0, json.exit(), json.err());
        JsonObject p = json.json().getAsJsonArray("predictions").get(0).getAsJsonObject();
        assertEquals(3, p.getAsJsonArray("probabilities").size());
        assertEquals(lines.get(1).split(",")[1], p.get("class").getAsString(), "row 1 of iris.csv");
        assertEquals(2, Cli.run("predict", "models/iris.nn", "--weights", weights.toString(), "--format", "xml",
                "5.1,3.5,1.4,0.2").exit());

        // run --weights starts from the saved weights: with an lr too small to move them, one more epoch ends
        // where the saved weights are; from the initializer it does not
        Path still = tmp.resolve("still.nn");
        Files.writeString(still, Files.readString(Path.of("models/iris.nn"))
                .replace("sgd(lr = 0.05, momentum = 0.9, nesterov = true)", "sgd(lr = 1e-300)")
                .replace("\"data/iris.csv\"", "\"" + Path.of("models/data/iris.csv").toAbsolutePath() + "\""));
        Cli resumed = Cli.run("run", still.toString(), "--weights", weights.toString(), "--epochs", "1", "--json");
        assertEquals(0, resumed.exit(), resumed.err());
        assertEquals(test.get("accuracy"), resumed.json().getAsJsonObject("test").get("accuracy"));
        assertEquals(test.get("loss").getAsDouble(), resumed.json().getAsJsonObject("test").get("loss")
                .getAsDouble(), 1e-12);
        Cli fresh = Cli.run("run", still.toString(), "--epochs", "1", "--json");
        assertNotEquals(test.get("loss").getAsDouble(), fresh.json().getAsJsonObject("test").get("loss")
                .getAsDouble(), 1e-3);
    }

    @Test
    void quietPrintsTheSummaryAndTheFinalFiguresOnly() {
        Cli quiet = Cli.run("run", "models/xor_learned.nn", "--quiet");
        assertEquals(0, quiet.exit(), quiet.err());
        assertTrue(quiet.out().startsWith("Model: XorLearned"), quiet.out());
        assertTrue(quiet.out().contains("batch 4\n\nTest: loss "), "one blank line:\n" + quiet.out());
        assertFalse(quiet.out().contains("epoch "), quiet.out());
        assertFalse(quiet.err().contains("epoch"), quiet.err());
    }
}
