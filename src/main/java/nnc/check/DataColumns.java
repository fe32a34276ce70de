package nnc.check;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The number of columns of a CSV file, from its first two lines alone: enough for {@code check} to say that a data file
 * does not fit the model's {@code input} without reading the data. The data reader checks every row at run time.
 */
final class DataColumns {
    /** Lines longer than this are not looked at here. */
    private static final int MAX_LINE = 1 << 20;

    private DataColumns() {
    }

    /** The cell count of the second non-blank line (the first, if it is the only one), or -1 when the file cannot be read here (run will say why). */
    static int of(Path file) {
        if (!Files.isRegularFile(file)) {
            return -1;
        }
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String first = null;
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = reader.read()) >= 0 && line.length() < MAX_LINE) {
                if (c != '\n') {
                    line.append((char) c);
                } else if (!line.toString().isBlank()) {
                    if (first != null) {
                        break;
                    }
                    first = line.toString();
                    line.setLength(0);
                } else {
                    line.setLength(0);
                }
            }
            if (line.length() >= MAX_LINE) {
                return -1;
            }
            // the second line: the first may be a header, or a summary line the data reader skips
            String row = !line.toString().isBlank() ? line.toString() : first;
            return row == null ? -1 : row.split(",", -1).length;
        } catch (IOException e) {
            return -1;
        }
    }
}
