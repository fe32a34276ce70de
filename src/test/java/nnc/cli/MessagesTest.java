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
}
