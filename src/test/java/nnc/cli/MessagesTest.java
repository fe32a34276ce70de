package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the commands print when the user's input is odd: valid JSON, one clear message, a suggestion. */
class MessagesTest {
    @TempDir
    Path tmp;

    @Test
    void jsonHasNullWhereAFigureIsUndefined() throws IOException {
        Files.writeString(tmp.resolve("train.csv"), "x,y\n1,2\n2,4\n3,6\n4,8\n5,10\n");
        Files.writeString(tmp.resolve("one.csv"), "x,y\n6,12\n");
        Path nn = Files.writeString(tmp.resolve("line.nn"), "model Line {\n input 1\n dense 1\n loss mse\n"
                + " optimizer sgd\n train { data = \"train.csv\"; test = \"one.csv\"; epochs = 2 }\n}\n");
        Cli c = Cli.run("run", nn.toString(), "--json");
        assertEquals(0, c.exit(), c.err());
        assertFalse(c.out().contains("NaN") || c.out().contains("Infinity"), c.out());
        var test = c.json().getAsJsonObject("test");
        assertTrue(test.get("r2").isJsonNull(), "r2 of one row is undefined: " + test);
        assertTrue(test.get("mse").getAsDouble() >= 0, test.toString());
    }

    @Test
    void misspelledCommandsAndOptionsGetASuggestion() {
        Cli command = Cli.run("rnu", "models/iris.nn");
        assertEquals(2, command.exit());
        assertTrue(command.err().contains("did you mean 'run'?"), command.err());
        Cli option = Cli.run("run", "models/iris.nn", "--epoch", "5");
        assertEquals(2, option.exit());
        assertTrue(option.err().contains("did you mean '--epochs'?"), option.err());
    }

    private Path nn(String text) throws IOException {
        return Files.writeString(tmp.resolve("m.nn"), text);
    }

    @Test
    void anUnquotedPathGetsOneErrorWithTheFix() throws IOException {
        Path file = nn("model M {\n input 4\n dense 3 softmax\n loss cross_entropy\n optimizer sgd\n"
                + " train { data = models/data/iris.csv; epochs = 2 }\n}\n");
        Cli c = Cli.run("check", file.toString());
        assertEquals(1, c.exit());
        assertEquals(file + ":6:17: error: a file path must be written in double quotes: \"models/data/iris.csv\"\n"
                + "     train { data = models/data/iris.csv; epochs = 2 }\n"
                + "                    ^^^^^^^^^^^^^^^^^^^^\n1 error\n", c.err());
    }

    @Test
    void aMisspelledOutputActivationIsOneError() throws IOException {
        Cli c = Cli.run("check", nn("model M {\n input 4\n dense 3 sofmax\n loss cross_entropy\n optimizer sgd\n}\n")
                .toString());
        assertEquals(1, c.exit());
        assertTrue(c.err().contains("unknown activation 'sofmax'; did you mean 'softmax'?"), c.err());
        assertTrue(c.err().endsWith("\n1 error\n"), c.err());
    }

    @Test
    void checkReadsTheDataFilesColumnCount() throws IOException {
        Files.writeString(tmp.resolve("d.csv"), "a,b,c,y\n1,2,3,0\n4,5,6,1\n");
        Cli c = Cli.run("check", nn("model M {\n input 4\n dense 2 softmax\n loss cross_entropy\n"
                + " optimizer sgd\n train { data = \"d.csv\" }\n}\n").toString());
        assertEquals(1, c.exit());
        assertTrue(c.err().contains(":6:17: error: the rows of d.csv have 4 columns, so 3 input features besides the "
                + "target, but the model's input has 4"), c.err());
        assertEquals(0, Cli.run("check", nn("model M {\n input 3\n dense 2 softmax\n loss cross_entropy\n"
                + " optimizer sgd\n train { data = \"d.csv\" }\n}\n").toString()).exit());
    }

    @Test
    void theMemoryMessageComparesLikeWithLike() throws IOException {
        long heap = Runtime.getRuntime().maxMemory();
        // a square layer whose weights, gradients and adam state take about 90% of the heap
        long units = (long) Math.sqrt(0.9 * heap / (8.0 * 5));
        Cli c = Cli.run("check", nn("model M {\n input " + units + "\n dense " + units + "\n loss mse\n"
                + " optimizer adam\n}\n").toString());
        assertEquals(1, c.exit(), c.err());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("they need about ([0-9.]+) (GiB|MiB), more than "
                + "the ([0-9.]+) (GiB|MiB) nnc allows for them \\(80% of the ([0-9.]+) (GiB|MiB) this JVM may use")
                .matcher(c.err());
        assertTrue(m.find(), c.err());
        assertTrue(bytes(m.group(1), m.group(2)) > bytes(m.group(3), m.group(4)), c.err());
        assertTrue(bytes(m.group(3), m.group(4)) < bytes(m.group(5), m.group(6)), c.err());
    }

    private static double bytes(String number, String unit) {
        return Double.parseDouble(number) * (unit.equals("GiB") ? 1 << 30 : 1 << 20);
    }

    @Test
    void gradcheckSaysWhereGradientsAreTooSmallToMeasure() throws IOException {
        String chain = " dense 2 tanh\n".repeat(40);
        Cli c = Cli.run("gradcheck", nn("model Deep {\n input 2\n" + chain + " dense 1\n loss mse\n optimizer sgd\n"
                + " train { seed = 2 }\n}\n").toString());
        assertEquals(0, c.exit(), c.out() + c.err());
        assertFalse(c.out().contains("FAILED"), c.out());
        assertTrue(c.out().contains("  dense1   below what central differences resolve: gradients up to "), c.out());
        assertTrue(c.out().contains("not checked: their gradients are too small"), c.out());
        assertTrue(c.out().lines().filter(l -> l.endsWith("  ok")).count() >= 1, "the last layers are checked");
    }

    @Test
    void gradcheckRefusesMoreSamplesThanTrainingRows() throws IOException {
        Cli c = Cli.run("gradcheck", "--samples", "5000", nn("model M {\n input 64\n dense 10 softmax\n"
                + " loss cross_entropy\n optimizer sgd\n train { data = digits }\n}\n").toString());
        assertEquals(2, c.exit(), c.out() + c.err());
        assertTrue(c.err().contains("a gradient check of 5000 samples needs as many training rows; the training data"
                + " has only 3823"), c.err());
    }
}
