package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model whose layers are all frozen is only evaluated; a cross-entropy loss at its clamp is divergence. */
class FrozenAndDivergedTest {
    @TempDir
    Path tmp;

    @Test
    void theLecturesXorNeedsNoLossAndNoOptimizer() throws Exception {
        nnc.model.Network net = nnc.check.Frontend.compile("xor_threshold.nn",
                Files.readString(Path.of("models/xor_threshold.nn"))).network();
        assertFalse(net.lossGiven(), "written the lectures' way: no loss");
        assertEquals(null, net.optimizer(), "and no optimizer");
        Cli human = Cli.run("run", "models/xor_threshold.nn");
        assertEquals(0, human.exit(), human.err());
        assertTrue(human.out().contains("Loss: none   Optimizer: none"), human.out());
        assertTrue(human.out().contains("Test: accuracy 1.0000 (4/4)\n"), "no loss figure:\n" + human.out());
        assertFalse(human.out().contains("epoch "), human.out());
        Cli json = Cli.run("run", "models/xor_threshold.nn", "--json");
        JsonObject test = json.json().getAsJsonObject("test");
        assertEquals(0, json.json().get("epochs_run").getAsInt());
        assertFalse(test.has("loss"));
        assertEquals(1.0, test.get("accuracy").getAsDouble());
    }

    @Test
    void aModelWithoutALossNamesNoneInItsClassItsPageAndItsApiFigures() throws Exception {
        nnc.api.Model xor = nnc.api.Model.load(Path.of("models/xor_threshold.nn"));
        String java = xor.javaSource("");
        assertTrue(java.contains(" * Loss: none. Optimizer: none (every layer is frozen)."), java);
        assertFalse(java.contains("mse"), "no stand-in loss in the generated class:\n" + java);
        assertFalse(java.contains("none loss"), java);
        assertTrue(java.contains("the model has none, every layer is frozen"), java);
        nnc.api.Evaluation test = xor.train().testEvaluation().orElseThrow();
        assertEquals(1.0, test.accuracy());
        assertTrue(Double.isNaN(test.loss()), "no loss figure: " + test.loss());
        Path page = tmp.resolve("xor.html");
        Cli c = Cli.run("run", "models/xor_threshold.nn", "--report", page.toString());
        assertEquals(0, c.exit(), c.err());
        String html = Files.readString(page);
        assertTrue(html.contains("<p>loss none · optimizer none (every layer is frozen)"), html);
        assertTrue(html.contains("test accuracy <b>1.0000</b> · 0 epochs"), html);
        assertFalse(html.contains("mse") || html.contains("test loss"), html);
    }

    @Test
    void aFrozenRegressionModelReportsItsErrorsAndTheLossOnlyWhenItHasOne() throws Exception {
        // y = 2·x exactly for rows 1..4; the frozen layer computes 2·x + 1: every error is 1
        Files.writeString(tmp.resolve("d.csv"), "x,y\n1,2\n2,4\n3,6\n4,8\n");
        String model = "model F {\n input 1\n dense 1 { weights = [[2]]; bias = [1]; trainable = false }\nLOSS"
                + " train { data = \"d.csv\"; test = \"d.csv\"; normalize = none }\n}\n";
        Files.writeString(tmp.resolve("f.nn"), model.replace("LOSS", ""));
        Cli none = Cli.run("run", tmp.resolve("f.nn").toString());
        assertEquals(0, none.exit(), none.err());
        assertTrue(none.out().contains("Test: mse 1.0000  mae 1.0000  r2 0.8000 (4 rows)"), none.out());
        Files.writeString(tmp.resolve("f.nn"), model.replace("LOSS", " loss mae\n"));
        Cli mae = Cli.run("run", tmp.resolve("f.nn").toString());
        assertTrue(mae.out().contains("Test: loss 1.0000  mse 1.0000"), mae.out());
    }

    @Test
    void aCrossEntropyLossAtItsClampIsDivergence() throws Exception {
        // NOT with the classes swapped and saturated: x = 0 gives s = (500, −500), x = 1 gives (−500, 500), so the
        // true class always gets e^−1000, clamped to 1e-12: every row's loss is −ln 1e-12 = 27.631 ≥ 24.868
        Path model = tmp.resolve("swapped.nn");
        Files.writeString(model, "model Swapped {\n input 1\n dense 2 softmax { weights = [[-1000], [1000]]; "
                + "bias = [500, -500] }\n loss cross_entropy\n optimizer sgd(lr = 1e-9)\n"
                + " train { data = not; normalize = none; batch = all; epochs = 5 }\n}\n");
        Cli c = Cli.run("run", model.toString());
        assertEquals(4, c.exit(), c.out() + c.err());
        assertTrue(c.out().contains("epoch   1/5  loss 27.6310"), c.out());
        assertEquals("nnc: training diverged in epoch 1: the mean cross_entropy loss is 27.6310, at its clamp (at "
                + "least 0.9·(−ln 1e-12) = 24.87): nearly every row gets a probability below 1e-11 for its true "
                + "class; try a smaller lr (now 1.0E-9)", c.err().trim());
        // half the rows right: 13.8 is a bad loss, not the clamp
        Files.writeString(model, Files.readString(model).replace("bias = [500, -500]", "bias = [1500, -1500]"));
        assertEquals(0, Cli.run("run", model.toString()).exit());
    }
}
