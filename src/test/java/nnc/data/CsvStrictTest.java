package nnc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import nnc.model.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data files hold plain decimal numbers, and no file can be larger than nnc reads. */
class CsvStrictTest {
    private static final java.util.List<nnc.model.TrainConfig.Target> NO_TARGET = null;

    @TempDir
    Path tmp;

    private static Table read(String text) throws IOException {
        return Csv.read("d.csv", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                NO_TARGET);
    }

    @Test
    void plainDecimalNumbersAreRead() throws IOException {
        Table t = read("3,-0.5,1e-3,.5,2.,+4,\"7\", 1E+2 \n");
        assertArrayEquals(new double[] {3, -0.5, 1e-3, .5, 2, 4, 7, 100}, t.features()[0], 0);
    }

    @Test
    void javaOnlyNumberFormsAreRefusedWithTheirPlace() {
        for (String cell : new String[] {"3d", "3f", "0x1p3", "0x10", "1_000", "3D", "1e", "--1"}) {
            UserError e = assertThrows(UserError.class, () -> read("1,2\n4," + cell + "\n"), cell);
            assertEquals(UserError.DATA, e.exitCode());
            assertTrue(e.getMessage().startsWith("d.csv:2:2: '" + cell + "' is not a number"), e.getMessage());
        }
    }

    @Test
    void aQuotedNumberIsThatNumberAsInPandas() throws IOException {
        // RFC 4180: a quoted field is still a field; pandas.read_csv reads "3" as the number 3, so does nnc
        Table t = read("\"3\",\"-0.5\", \"1e-3\" \n");
        assertArrayEquals(new double[] {3, -0.5, 1e-3}, t.features()[0], 0);
    }

    @Test
    void aQuotedCellMustHoldTheNumberAloneAndSaysWhy() {
        String[][] cases = {
            {"\"3 \"", "'\"3 \"' is not a number: blanks inside double quotes are part of the cell"},
            {"\" 3\"", "'\" 3\"' is not a number: blanks inside double quotes are part of the cell"},
            {"\"3d\"", "'\"3d\"' is not a number (write decimal numbers such as 3, -0.5, .5 or 1e-3)"},
            {"\"0x10\"", "'\"0x10\"' is not a number (write decimal numbers such as 3, -0.5, .5 or 1e-3)"},
            {"\"\"", "empty cell (\"\")"},
            {"\"NaN\"", "'\"NaN\"' is not a finite number"},
            {"\"4", "'\"4' is not a number: a double quote opens the cell but none closes it"},
        };
        for (String[] c : cases) {
            UserError e = assertThrows(UserError.class, () -> read("1,2\n4," + c[0] + "\n"), c[0]);
            assertEquals(UserError.DATA, e.exitCode());
            assertEquals("d.csv:2:2: " + c[1], e.getMessage(), c[0]);
        }
    }

    @Test
    void aCompressedFileThatExpandsBeyondTheLimitIsRefused() throws IOException {
        Path gz = tmp.resolve("big.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            byte[] row = "1,2,3\n".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 100_000; i++) {
                out.write(row);
            }
        }
        assertEquals(100_000, Csv.read(gz, NO_TARGET, 1 << 20).rows());
        UserError e = assertThrows(UserError.class, () -> Csv.read(gz, NO_TARGET, 100_000));
        assertEquals(UserError.DATA, e.exitCode());
        assertTrue(e.getMessage().startsWith(gz + ": the file decompresses to more than 97.7 KiB"), e.getMessage());
        UserError plain = assertThrows(UserError.class, () -> Csv.read(gz, NO_TARGET, 100));
        assertTrue(plain.getMessage().startsWith(gz + ": the file is "), plain.getMessage());
    }
}
