package nnc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import nnc.model.TrainConfig.Target;
import org.junit.jupiter.api.Test;

/** The built-in digits set as shipped in bytes is the UCI CSV files, row for row and cell for cell. */
class DigitsDataTest {
    private static Table csv(String part) throws IOException {
        try (InputStream in = new GZIPInputStream(Data.class.getResourceAsStream("/nnc/data/optdigits." + part
                + ".csv.gz"))) {
            return Csv.read("digits (optdigits." + part + ")", in, Target.LAST);
        }
    }

    @Test
    void theBytesHoldTheCsvFilesRows() throws IOException {
        Table[] shipped = Data.Builtin.load("digits");
        String[] parts = {"tra", "tes"};
        int[] rows = {3823, 1797};
        for (int i = 0; i < 2; i++) {
            Table expected = csv(parts[i]);
            Table actual = shipped[i];
            assertEquals(rows[i], actual.rows(), parts[i]);
            assertEquals(expected.source(), actual.source());
            assertEquals(expected.featureNames(), actual.featureNames());
            assertEquals(expected.targetNames(), actual.targetNames());
            assertArrayEquals(expected.targetColumns(), actual.targetColumns());
            assertArrayEquals(expected.rowNumbers(), actual.rowNumbers());
            for (int r = 0; r < expected.rows(); r++) {
                assertArrayEquals(expected.features()[r], actual.features()[r], parts[i] + " row " + (r + 1));
                assertArrayEquals(expected.target()[r], actual.target()[r], parts[i] + " row " + (r + 1));
            }
        }
    }
}
