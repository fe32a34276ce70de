package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several regression outputs, scaled targets, and several independent 0/1 labels, from run to export. */
class MultiOutputTest {
    @TempDir
    Path tmp;

    private static final Path LINNERUD = Path.of("models/data/linnerud.csv").toAbsolutePath();

    /**
     * scikit-learn 1.2.1 on models/data/linnerud.csv (all 20 rows): {@code LinearRegression().fit(X, Y)}, then
     * mean_squared_error, mean_absolute_error and r2_score of its in-sample predictions, uniform average and per
     * output (Weight, Waist, Pulse), and its prediction for the first row (5, 162, 60).
     */
    private static final double SK_MSE = 158.02449131557572;
    private static final double SK_MAE = 7.456710474001061;
    private static final double SK_R2 = 0.2968779120881459;
    private static final double[] SK_MSE_EACH = {423.9773500590776, 4.404002712903429, 45.69212117474611};
    private static final double[] SK_R2_EACH = {0.2679190695529965, 0.5478436639729539, 0.07487100273848724};
    private static final double[] SK_FIRST_ROW = {176.17362115123967, 35.05740700751896, 57.09006881183875};

    @Test
    void threeLinearOutputsTrainedToConvergenceAreScikitLearnsLeastSquares() throws Exception {
        // gd on a linear layer converges to the least-squares fit of each output; scaling inputs and targets
        // (standard) changes the path, not the fit; the figures are reported in the targets' own units
        Path model = tmp.resolve("ols.nn");
        Files.writeString(model, "model Ols {\n    input 3\n    dense 3\n    loss mse\n"
                + "    optimizer gd(lr = 0.5, tolerance = 1e-12)\n    train {\n"
                + "        data = \"" + LINNERUD + "\"\n        test = \"" + LINNERUD + "\"\n"
                + "        target = [Weight, \"Waist\", 5]\n        normalize = standard\n"
                + "        normalize_target = standard\n        epochs = 5000\n    }\n}\n");
        Path weights = tmp.resolve("ols.json");
        Cli run = Cli.run("run", model.toString(), "--json", "--save", weights.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.json().get("stopped").getAsString().startsWith("gd converged"));
        JsonObject test = run.json().getAsJsonObject("test");
        assertEquals(SK_MSE, test.get("mse").getAsDouble(), 1e-9 * SK_MSE);
        assertEquals(SK_MAE, test.get("mae").getAsDouble(), 1e-9 * SK_MAE);
        assertEquals(SK_R2, test.get("r2").getAsDouble(), 1e-9);
        for (int j = 0; j < 3; j++) {
            JsonObject out = test.getAsJsonArray("outputs").get(j).getAsJsonObject();
            assertEquals(List.of("Weight", "Waist", "Pulse").get(j), out.get("name").getAsString());
            assertEquals(SK_MSE_EACH[j], out.get("mse").getAsDouble(), 1e-9 * SK_MSE_EACH[j]);
            assertEquals(SK_R2_EACH[j], out.get("r2").getAsDouble(), 1e-9);
        }
        // standardized targets have variance 1, so the loss (mse on them, averaged over outputs) is 1 − r2
        assertEquals(1 - SK_R2, test.get("loss").getAsDouble(), 1e-9);

        // the scaling is saved: means and population standard deviations of the 20 rows (numpy)
        JsonObject saved = JsonParser.parseString(Files.readString(weights)).getAsJsonObject();
        JsonObject scaling = saved.getAsJsonObject("target_normalization");
        assertEquals("standard", scaling.get("kind").getAsString());
        double[] means = {178.6, 35.4, 56.1};
        double[] stds = {24.065327755923043, 3.120897306865447, 7.02780193232564};
        for (int j = 0; j < 3; j++) {
            assertEquals(means[j], scaling.getAsJsonArray("offset").get(j).getAsDouble(), 1e-12);
            assertEquals(1 / stds[j], scaling.getAsJsonArray("scale").get(j).getAsDouble(), 1e-15);
        }

        // evaluate prints what run printed after training
        Cli evaluate = Cli.run("evaluate", model.toString(), "--weights", weights.toString(), "--json");
        assertEquals(0, evaluate.exit(), evaluate.err());
        assertEquals(test, evaluate.json().getAsJsonObject("test"));

        // predict maps back to the targets' units, one object or one CSV row per input row
        Cli one = Cli.run("predict", model.toString(), "--weights", weights.toString(), "--format", "json",
                "5,162,60");
        assertEquals(0, one.exit(), one.err());
        var outputs = one.json().getAsJsonArray("predictions").get(0).getAsJsonObject().getAsJsonArray("outputs");
        double[] first = new double[3];
        for (int j = 0; j < 3; j++) {
            first[j] = outputs.get(j).getAsDouble();
        }
        assertArrayEquals(SK_FIRST_ROW, first, 1e-8);
        Cli csv = Cli.run("predict", model.toString(), "--weights", weights.toString(), "--format", "csv",
                "--input", LINNERUD.toString());
        assertEquals(0, csv.exit(), csv.err());
        List<String> lines = csv.out().lines().toList();
        assertEquals(21, lines.size());
        assertEquals("Weight,Waist,Pulse,predicted_Weight,predicted_Waist,predicted_Pulse", lines.get(0));
        assertEquals("191,36,50," + first[0] + "," + first[1] + "," + first[2], lines.get(1),
                "the input's own targets beside the prediction");

        // the exported class maps back the same way, to the bit
        assertEquals(0, Cli.run("export", model.toString(), "--weights", weights.toString(), "-o",
                tmp.toString()).exit());
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, new ByteArrayOutputStream(), "-d",
                tmp.toString(), "--release", "17", tmp.resolve("Ols.java").toString()));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, null)) {
            double[] y = (double[]) loader.loadClass("Ols").getMethod("predict", double[].class).invoke(null,
                    (Object) new double[] {5, 162, 60});
            assertArrayEquals(first, y, 0.0);
        }
    }

    @Test
    void independentLabelsAreScoredRowByRowAndLabelByLabel() throws Exception {
        // 8 rows: label a = x0 > 0.5 and b = x1 > 0.5, except row 8, whose b is wrong on purpose. A sigmoid
        // layer with weights 20·x − 10 gets every label right but that one: 7/8 rows with both labels right,
        // label a 8/8, label b 7/8.
        Path data = tmp.resolve("labels.csv");
        Files.writeString(data, "x0,x1,a,b\n0,0,0,0\n1,0,1,0\n0,1,0,1\n1,1,1,1\n"
                + "0.2,0.9,0,1\n0.9,0.2,1,0\n0.1,0.1,0,0\n0.8,0.7,1,0\n");
        Path model = tmp.resolve("labels.nn");
        Files.writeString(model, "model Labels {\n    input 2\n"
                + "    dense 2 sigmoid { weights = [[20, 0], [0, 20]]; bias = [-10, -10] }\n"
                + "    loss binary_cross_entropy\n    optimizer sgd(lr = 1e-300)\n"
                + "    train { data = \"labels.csv\"; test = \"labels.csv\"; target = [a, b]; normalize = none; "
                + "epochs = 1; batch = all }\n}\n");
        Path weights = tmp.resolve("labels.json");
        Cli run = Cli.run("run", model.toString(), "--json", "--save", weights.toString());
        assertEquals(0, run.exit(), run.err());
        JsonObject test = run.json().getAsJsonObject("test");
        assertEquals(7 / 8.0, test.get("accuracy").getAsDouble(), 0.0);
        assertEquals(1.0, test.getAsJsonArray("labels").get(0).getAsJsonObject().get("accuracy").getAsDouble());
        assertEquals(7 / 8.0, test.getAsJsonArray("labels").get(1).getAsJsonObject().get("accuracy").getAsDouble());
        assertEquals(7 / 8.0, run.json().getAsJsonArray("history").get(0).getAsJsonObject().get("accuracy")
                .getAsDouble(), 0.0, "the epoch's training accuracy counts rows with every label right too");

        // predict: each label's 0/1 and its probability; row 8 (0.8, 0.7) gets b = 1 (sigmoid(4)), its file says 0
        Cli csv = Cli.run("predict", model.toString(), "--weights", weights.toString(), "--format", "csv",
                "--input", data.toString());
        assertEquals(0, csv.exit(), csv.err());
        List<String> lines = csv.out().lines().toList();
        assertEquals("a,b,predicted_a,predicted_b,p_a,p_b", lines.get(0));
        assertEquals("1,0,1,1," + 1 / (1 + Math.exp(-6)) + "," + 1 / (1 + Math.exp(-4)), lines.get(8));

        Files.writeString(data, Files.readString(data).replace("0.1,0.1,0,0", "0.1,0.1,0,2"));
        Cli bad = Cli.run("run", model.toString());
        assertEquals(3, bad.exit());
        assertEquals("nnc: " + data + ":8:4: label 2 of 'b' is not 0 or 1", bad.err().trim());
    }
}
