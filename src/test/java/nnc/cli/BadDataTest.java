package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad data ends in exit 3 with a message naming the file, the row and (where there is one) the column. */
class BadDataTest {
    @TempDir
    Path tmp;

    /** Runs a 2-input, 3-class model on {@code csv} and returns the error message. */
    private String fails(String csv) throws IOException {
        Path data = tmp.resolve("data.csv");
        Files.writeString(data, csv);
        Path model = tmp.resolve("m.nn");
        Files.writeString(model, "model M {\n input 2\n dense 4 relu\n dense 3 softmax\n loss cross_entropy\n"
                + " optimizer sgd\n train { data = \"data.csv\"; test = 0.25; epochs = 1 }\n}\n");
        Cli c = Cli.run("run", model.toString());
        assertEquals(3, c.exit(), c.out() + c.err());
        return c.err().trim().replace(data.toString(), "data.csv");
    }

    @Test
    void nonNumericCell() throws IOException {
        assertEquals("nnc: data.csv:3:2: 'abc' is not a number", fails("a,b,c\n1,2,0\n3,abc,1\n1,1,2\n0,0,1\n"));
    }

    @Test
    void nanAndInfinity() throws IOException {
        assertEquals("nnc: data.csv:2:1: 'NaN' is not a finite number", fails("1,2,0\nNaN,2,1\n1,1,2\n0,0,1\n"));
        assertEquals("nnc: data.csv:4:2: 'Infinity' is not a finite number",
                fails("1,2,0\n2,2,1\n1,1,2\n0,Infinity,1\n"));
    }

    @Test
    void emptyCell() throws IOException {
        assertEquals("nnc: data.csv:2:2: empty cell", fails("1,2,0\n2,,1\n1,1,2\n0,0,1\n"));
    }

    @Test
    void raggedRow() throws IOException {
        assertEquals("nnc: data.csv:3: row has 4 columns but the rows above have 3",
                fails("1,2,0\n2,2,1\n1,1,2,5\n0,0,1\n"));
    }

    @Test
    void labelOutOfRange() throws IOException {
        String msg = fails("x,y,label\n1,2,0\n2,2,1\n1,1,7\n0,0,1\n0,1,1\n1,0,2\n2,1,0\n");
        assertEquals("nnc: data.csv:4:3: label 7 is not a class of this model (expected a whole number from 0 to 2)",
                msg);
        assertEquals("nnc: data.csv:2:3: label 1.5 is not a class of this model (expected a whole number from 0 to 2)",
                fails("1,2,0\n2,2,1.5\n1,1,1\n0,0,1\n"));
    }

    @Test
    void columnCountDoesNotMatchTheInput() throws IOException {
        Path wide = Files.writeString(tmp.resolve("wide.csv"), "1,2,3,0\n2,2,3,1\n1,1,3,2\n0,0,3,1\n");
        Path model = Files.writeString(tmp.resolve("m.nn"), "model M {\n input 2\n dense 3 softmax\n"
                + " loss cross_entropy\n optimizer sgd\n train { data = xor; epochs = 1 }\n}\n");
        Cli c = Cli.run("run", model.toString(), "--data", wide.toString());
        assertEquals(3, c.exit(), c.err());
        assertEquals("nnc: " + wide + ": the rows have 3 feature columns (plus the target) but model M has 2 inputs",
                c.err().trim());
    }

    @Test
    void emptyAndMissingFiles() throws IOException {
        assertEquals("nnc: data.csv: the file has no data rows", fails("a,b,c\n"));
        assertEquals("nnc: data.csv: the file has no data rows", fails(""));
        Path model = tmp.resolve("missing.nn");
        Files.writeString(model, "model M {\n input 2\n dense 1\n loss mse\n optimizer sgd\n"
                + " train { data = \"nowhere.csv\" }\n}\n");
        Cli c = Cli.run("run", model.toString());
        assertEquals(3, c.exit());
        assertEquals("nnc: " + tmp.resolve("nowhere.csv") + ": no such file", c.err().trim());
    }

    @Test
    void noDataAtAll() throws IOException {
        Path model = tmp.resolve("nodata.nn");
        Files.writeString(model, "model M {\n input 2\n dense 1\n loss mse\n optimizer sgd\n}\n");
        Cli c = Cli.run("run", model.toString());
        assertEquals(2, c.exit());
        assertEquals("nnc: model M names no data: add 'data = ...' to its train block or pass --data PATH",
                c.err().trim());
    }

    @Test
    void dataPathsResolveAgainstTheModelFolderAndDataOverrides() throws IOException {
        Path sub = Files.createDirectories(tmp.resolve("sub"));
        Files.writeString(sub.resolve("d.csv"), "1,2,0\n2,2,1\n1,1,2\n0,0,1\n3,1,0\n0,3,2\n");
        Files.writeString(sub.resolve("m.nn"), "model M {\n input 2\n dense 3 softmax\n loss cross_entropy\n"
                + " optimizer sgd\n train { data = \"d.csv\"; epochs = 1; test = 0.5 }\n}\n");
        assertEquals(0, Cli.run("run", sub.resolve("m.nn").toString()).exit());
        Files.writeString(tmp.resolve("other.csv"), "1,2,0\n2,x,1\n");
        Cli c = Cli.run("run", sub.resolve("m.nn").toString(), "--data", tmp.resolve("other.csv").toString());
        assertEquals(3, c.exit());
        assertEquals("nnc: " + tmp.resolve("other.csv") + ":2:2: 'x' is not a number", c.err().trim());
    }
}
