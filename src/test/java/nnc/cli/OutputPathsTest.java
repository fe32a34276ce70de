package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every output path is checked before training, and never replaces the run's inputs or a folder. */
class OutputPathsTest {
    @TempDir
    Path tmp;
    Path model;
    Path data;

    @BeforeEach
    void copyIris() throws IOException {
        Files.createDirectory(tmp.resolve("data"));
        model = Files.copy(Path.of("models/iris.nn"), tmp.resolve("iris.nn"));
        data = Files.copy(Path.of("models/data/iris.csv"), tmp.resolve("data/iris.csv"));
    }

    @Test
    void saveOverTheModelOrItsDataIsRefusedBeforeTraining() throws IOException {
        byte[] csv = Files.readAllBytes(data);
        byte[] nn = Files.readAllBytes(model);
        for (Path target : new Path[] {data, model, tmp.resolve("data/../iris.nn")}) {
            Cli c = Cli.run("run", model.toString(), "--save", target.toString());
            assertEquals(2, c.exit(), c.err());
            assertTrue(c.err().contains("is one of this command's input files"), c.err());
            assertEquals("", c.out(), "refused before the summary and training");
        }
        Path start = tmp.resolve("start.json");
        assertEquals(0, Cli.run("run", model.toString(), "--epochs", "1", "--save", start.toString()).exit());
        byte[] weights = Files.readAllBytes(start);
        Cli again = Cli.run("run", model.toString(), "--weights", start.toString(), "--save", start.toString());
        assertEquals(2, again.exit(), again.err());
        assertTrue(again.err().contains("is one of this command's input files"), again.err());
        assertArrayEquals(weights, Files.readAllBytes(start));
        Cli plot = Cli.run("run", model.toString(), "--data", data.toString(), "--plot", data + ".png", "--save",
                data.toString());
        assertEquals(2, plot.exit(), plot.err());
        assertArrayEquals(csv, Files.readAllBytes(data));
        assertArrayEquals(nn, Files.readAllBytes(model));
    }

    @Test
    void unwritablePlotsAreRefusedBeforeTraining() throws IOException {
        Path folder = Files.createDirectory(tmp.resolve("keep.png"));
        Cli dir = Cli.run("run", model.toString(), "--plot", folder.toString());
        assertEquals(2, dir.exit());
        assertTrue(dir.err().contains("is a folder"), dir.err());
        assertTrue(Files.isDirectory(folder));
        for (String bad : new String[] {"/proc/x.png", tmp.resolve("curves.jpg").toString(),
                data.resolve("x.png").toString()}) {
            Cli c = Cli.run("run", model.toString(), "--plot", bad);
            assertEquals(2, c.exit(), bad + ": " + c.err());
            assertEquals("", c.out(), bad);
            assertTrue(c.err().startsWith("nnc: --plot " + bad + ": "), c.err());
        }
        Cli save = Cli.run("run", model.toString(), "--save", data.resolve("w.json").toString());
        assertEquals(2, save.exit());
        assertEquals("", save.out());
    }

    @Test
    void compileRefusesAnOutputThatIsAFile() {
        Cli c = Cli.run("compile", model.toString(), "-o", data.toString());
        assertEquals(2, c.exit());
        assertEquals("nnc: -o " + data + ": is a file, not a folder\n", c.err());
    }
}
