package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import nnc.check.Frontend;
import nnc.model.Precision;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The {@code precision} key and {@code --precision}: checked, carried to the generated class, and its figures. */
class PrecisionTest {
    private static final String MODEL = "model M {\n    input 4\n    dense 3 softmax\n    loss cross_entropy\n"
            + "    optimizer sgd\n";   // lines 1-5

    @TempDir
    Path tmp;

    private static List<String> errors(String train) {
        Frontend.Result r = Frontend.compile("t.nn", MODEL + train + "}\n");
        assertFalse(r.ok(), "expected errors");
        return r.reporter().diagnostics().stream()
                .map(d -> d.pos().line() + ":" + d.pos().column() + ":" + d.pos().length() + " " + d.message())
                .toList();
    }

    @Test
    void theKeyIsCheckedWithACaretAndASuggestion() {
        // line 6: "    train { precision = flaot32 }": the value starts at column 25
        assertEquals(List.of("6:25:7 unknown precision 'flaot32'; did you mean 'float32'?"),
                errors("    train { precision = flaot32 }\n"));
        List<String> number = errors("    train { precision = 32 }\n");
        assertEquals(1, number.size());
        assertTrue(number.get(0).startsWith("6:25:2 expected float32 or float64 but found"), number.get(0));
        List<String> typo = errors("    train { precison = float32 }\n");
        assertTrue(typo.get(0).contains("did you mean 'precision'?"), typo.get(0));
    }

    @Test
    void float64IsTheDefault() {
        Frontend.Result plain = Frontend.compile("t.nn", MODEL + "}\n");
        assertEquals(Precision.FLOAT64, plain.network().train().precision());
        Frontend.Result single = Frontend.compile("t.nn", MODEL + "    train { precision = float32 }\n}\n");
        assertEquals(Precision.FLOAT32, single.network().train().precision());
    }

    @Test
    void aBadOptionValueIsAUsageError() {
        Cli c = Cli.run("run", "models/iris.nn", "--precision", "float16");
        assertEquals(2, c.exit());
        assertTrue(c.err().contains("--precision must be float32 or float64, not 'float16'"), c.err());
    }

    /** models/iris.nn with {@code precision = float32} in its train block. */
    private Path irisInFloat32() throws Exception {
        Path file = tmp.resolve("iris.nn");
        Files.writeString(file, Files.readString(Path.of("models/iris.nn"))
                .replace("seed      = 11", "seed      = 11\n        precision = float32")
                .replace("\"data/iris.csv\"", "\"" + Path.of("models/data/iris.csv").toAbsolutePath() + "\""));
        return file;
    }

    @Test
    void gradcheckComparesTheFloatGradientsWithFloat64Differences() throws Exception {
        Cli c = Cli.run("gradcheck", irisInFloat32().toString());
        assertEquals(0, c.exit(), c.out() + c.err());
        assertTrue(c.out().contains("tolerance 1.0e-04"), c.out());
        assertTrue(c.out().contains("central differences taken in float64"), c.out());
        assertTrue(c.out().contains("dense1   max relative error") && c.out().contains("ok"), c.out());
    }

    @Test
    void theOptionOverridesTheFileAndTheFiguresRepeat() throws Exception {
        Path file = irisInFloat32();
        Cli a = Cli.run("run", file.toString(), "--json", "--epochs", "5");
        Cli b = Cli.run("run", file.toString(), "--json", "--epochs", "5");
        Cli wide = Cli.run("run", file.toString(), "--json", "--epochs", "5", "--precision", "float64");
        assertEquals(0, a.exit(), a.err());
        assertEquals("float32", a.json().get("precision").getAsString());
        assertEquals("float64", wide.json().get("precision").getAsString());
        assertEquals(a.figures(), b.figures(), "same file and seed: the same float32 figures");
        assertEquals(a.json().get("test"), b.json().get("test"));
        assertNotEquals(a.figures(), wide.figures(), "float32 rounds differently from float64");
        Cli human = Cli.run("run", file.toString(), "--epochs", "1", "--quiet");
        assertTrue(human.out().contains("Precision: float32"), human.out());
    }

    /**
     * The benchmark configs on the real digits data, trained for 3 of their 30 epochs (short enough for the suite;
     * A, B and D are past 90% by then): float32's test accuracy within 0.5 points of float64's.
     */
    @TestFactory
    Stream<DynamicTest> benchmarkConfigsReachTheFloat64Accuracy() {
        return Stream.of("A", "B", "C", "D").map(c -> DynamicTest.dynamicTest(c, () -> {
            Cli wide = Cli.run("run", "bench/" + c + ".nn", "--json", "--epochs", "3");
            Cli single = Cli.run("run", "bench/" + c + ".nn", "--json", "--epochs", "3", "--precision", "float32");
            assertEquals(0, single.exit(), single.err());
            double a64 = wide.json().getAsJsonObject("test").get("accuracy").getAsDouble();
            double a32 = single.json().getAsJsonObject("test").get("accuracy").getAsDouble();
            assertTrue(Math.abs(a32 - a64) <= 0.005, c + ": float32 " + a32 + ", float64 " + a64);
        }));
    }
}
