package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged or foreign weights file is refused with a plain message (exit 3), never loaded or crashed on. */
class BadWeightsTest {
    private static final String MODEL = "models/xor_learned.nn";

    @TempDir
    static Path tmp;
    static String saved;

    @BeforeAll
    static void save() throws IOException {
        Path w = tmp.resolve("good.json");
        Cli c = Cli.run("run", MODEL, "--epochs", "1", "--save", w.toString());
        assertEquals(0, c.exit(), c.err());
        saved = Files.readString(w);
    }

    /** predict with the text as weights file: exit 3, and the message, which names the file. */
    private static String refused(String text) throws IOException {
        Path w = Files.writeString(Files.createTempFile(tmp, "w", ".json"), text);
        Cli c = Cli.run("predict", MODEL, "--weights", w.toString(), "1", "0");
        assertEquals(3, c.exit(), text + "\n" + c.err());
        String m = c.err();
        assertTrue(m.startsWith("nnc: " + w + ":"), m);
        for (String internal : new String[] {"gson", "Exception", "http", "internal error", "$."}) {
            assertFalse(m.contains(internal), m);
        }
        return m;
    }

    /** The saved file with its first weight replaced. */
    private static String firstWeight(String value) {
        return saved.replaceFirst("\"weights\":\\[\\[[^,\\]]+", "\"weights\":[[" + value);
    }

    @Test
    void theSavedFileLoads() {
        Path w = tmp.resolve("good.json");
        assertEquals(0, Cli.run("predict", MODEL, "--weights", w.toString(), "1", "0").exit());
    }

    @Test
    void nonFiniteNumbersAreRefusedWithTheirPlace() throws IOException {
        for (String v : new String[] {"NaN", "Infinity", "-Infinity", "1e999", "\"NaN\""}) {
            String m = refused(firstWeight(v));
            assertTrue(m.contains("is not a finite number (layers[0].weights[0][0])"), m);
        }
        String m = refused(saved.replaceFirst("\"scale\":\\[1\\.0", "\"scale\":[1e400"));
        assertTrue(m.contains("(normalization.scale[0])"), m);
    }

    @Test
    void nullsAndStringsAreRefused() throws IOException {
        assertTrue(refused(firstWeight("null")).contains("null where a number is expected (layers[0].weights[0][0])"));
        assertTrue(refused(firstWeight("\"3\"")).contains("a string where a number is expected"));
        assertTrue(refused(saved.replace("\"layers\":[", "\"layers\":[null,")).contains("holds 3 layers"));
        assertTrue(refused(saved.replaceFirst("\\{\"units\":1,.*?\\}\\]", "null]")).contains("layer 2 is null"));
    }

    @Test
    void weightsOfAnotherModelOrKindAreRefused() throws IOException {
        String m = refused(saved.replace("\"model\":\"XorLearned\"", "\"model\":\"Moons\""));
        assertTrue(m.contains("holds the weights of model Moons, not of model XorLearned"), m);
        m = refused(saved.replace("\"version\":1", "\"version\":2"));
        assertTrue(m.contains("has format version 2; this nnc reads version 1"), m);
        m = refused(saved.replace("\"classes\":2", "\"classes\":3"));
        assertTrue(m.contains("holds a classifier of 3 classes, but model XorLearned has 2"), m);
        m = refused(saved.replace("\"kind\":\"none\"", "\"kind\":\"minmax\""));
        assertTrue(m.contains("normalized with 'minmax', but model XorLearned normalizes with 'none'"), m);
        m = refused(saved.replace("\"units\":1,", "\"units\":2,"));
        assertTrue(m.contains("layer 2 has 2 units and 4 inputs, but layer 2 of model XorLearned has 1 and 4"), m);
        m = refused(saved.replace("\"task\":\"classification\"", "\"task\":\"clustering\""));
        assertTrue(m.contains("\"task\" must be"), m);
    }

    @Test
    void truncatedAndMalformedFilesGetAPlainMessage() throws IOException {
        String m = refused(saved.substring(0, saved.length() / 2));
        assertTrue(m.matches("(?s).*\\.json:1:\\d+: the file ends early.*"), m);
        m = refused("{ not json");
        assertTrue(m.contains("not a weights file written by 'nnc run --save'"), m);
        m = refused("{\"format\": \"nnc-weights\", \"layers\": 3}");
        assertTrue(m.contains(":1:") && m.contains("found a number where a list is expected (layers)"), m);
        assertTrue(refused("").contains("not a weights file"));
        assertTrue(refused("[1, 2]").contains("found a list where an object is expected"));
    }
}
