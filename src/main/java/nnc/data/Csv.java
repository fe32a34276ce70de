package nnc.data;

import nnc.model.InputFile;
import nnc.model.UserError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import nnc.model.TrainConfig.Target;

/**
 * Reads comma-separated numbers: an optional header (a first row that is not all numbers), one row per sample,
 * finite numbers only. Every problem is a {@link UserError} naming the file, the row and the column.
 */
public final class Csv {
    /**
     * A number as data files write it: decimal digits with an optional sign, point and exponent. Java's own
     * parser would also take {@code 3d}, {@code 3f} and {@code 0x1p3}, which no other tool reads as numbers.
     */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");
    /** NaN and the infinities, refused as numbers that are not finite. */
    private static final Pattern NOT_FINITE = Pattern.compile("[+-]?(?:NaN|Infinity)");

    private Csv() {
    }

    /** A file on disk; {@code .gz} files are decompressed. */
    public static Table read(Path file, List<Target> targets) {
        return read(file, targets, InputFile.heapShare());
    }

    /** {@link #read(Path, List)} of a file (or, for .gz, its decompressed text) no larger than {@code max}. */
    static Table read(Path file, List<Target> targets, long max) {
        InputFile.check(file, max, InputFile.size(max), UserError.DATA);
        try (InputStream in = Files.newInputStream(file)) {
            InputStream text = file.toString().endsWith(".gz") ? limited(file, new GZIPInputStream(in), max) : in;
            return read(file.toString(), text, targets);
        } catch (NoSuchFileException e) {
            throw UserError.data(file + ": no such file");
        } catch (IOException e) {
            throw UserError.data(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /** The stream, refusing to give more than {@code max} bytes (a compressed file may expand without bound). */
    private static InputStream limited(Path file, InputStream in, long max) {
        return new java.io.FilterInputStream(in) {
            private long count;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    count(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    count(n);
                }
                return n;
            }

            private void count(int n) {
                count += n;
                if (count > max) {
                    throw UserError.data(file + ": the file decompresses to more than " + InputFile.size(max)
                            + ", the most nnc reads (an eighth of the memory this JVM may use; raise it with -Xmx)");
                }
            }
        };
    }

    /** A file with one target column. */
    public static Table read(Path file, Target target) {
        return read(file, List.of(target));
    }

    /** Reads rows with one target column. */
    public static Table read(String name, InputStream stream, Target target) throws IOException {
        return read(name, stream, List.of(target));
    }

    /**
     * Reads rows; {@code targets} lists the target columns (null: every column is a feature, and the target array
     * of each row is empty).
     */
    public static Table read(String name, InputStream stream, List<Target> targets) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
        List<double[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<String> header = null;
        int width = -1;
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);   // a byte-order mark, as spreadsheet programs write
            }
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (header == null && rows.isEmpty() && !allNumbers(cells)) {
                header = new ArrayList<>();
                for (String c : cells) {
                    header.add(unquote(c));
                }
                continue;
            }
            if (width < 0) {
                width = cells.length;
            } else if (cells.length != width) {
                throw UserError.data(name + ":" + lineNo + ": row has " + cells.length + " columns but the rows above"
                        + " have " + width);
            }
            double[] values = new double[cells.length];
            for (int c = 0; c < cells.length; c++) {
                values[c] = cell(name, lineNo, c, cells[c]);
            }
            rows.add(values);
            lines.add(lineNo);
        }
        if (rows.isEmpty()) {
            throw UserError.data(name + ": the file has no data rows");
        }
        if (header != null && header.size() != width) {
            header = null; // a summary line rather than column names: the columns stay unnamed
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            names.add(header != null ? header.get(c) : "column " + c);
        }
        int[] columns = targetColumns(name, names, header != null, targets == null ? List.of() : targets);
        if (columns.length > 0 && width <= columns.length) {
            throw UserError.data(name + ": a row needs at least one feature column besides the "
                    + (columns.length == 1 ? "target" : columns.length + " targets"));
        }
        boolean[] isTarget = new boolean[width];
        for (int c : columns) {
            isTarget[c] = true;
        }
        double[][] features = new double[rows.size()][];
        double[][] t = new double[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            double[] row = rows.get(r);
            t[r] = new double[columns.length];
            for (int k = 0; k < columns.length; k++) {
                t[r][k] = row[columns[k]];
            }
            if (columns.length == 0) {
                features[r] = row;
                continue;
            }
            double[] f = new double[width - columns.length];
            for (int c = 0, o = 0; c < width; c++) {
                if (!isTarget[c]) {
                    f[o++] = row[c];
                }
            }
            features[r] = f;
        }
        List<String> featureNames = new ArrayList<>();
        List<String> targetNames = new ArrayList<>();
        int[] oneBased = new int[columns.length];
        for (int k = 0; k < columns.length; k++) {
            targetNames.add(names.get(columns[k]));
            oneBased[k] = columns[k] + 1;
        }
        for (int c = 0; c < width; c++) {
            if (!isTarget[c]) {
                featureNames.add(names.get(c));
            }
        }
        return new Table(name, List.copyOf(featureNames), features, t,
                lines.stream().mapToInt(Integer::intValue).toArray(), oneBased, List.copyOf(targetNames));
    }

    /** The cell's text without surrounding blanks and double quotes. */
    private static String unquote(String cell) {
        String t = cell.trim();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1).trim() : t;
    }

    private static boolean allNumbers(String[] cells) {
        for (String c : cells) {
            if (problem(c) != null) {
                return false;
            }
        }
        return true;
    }

    /**
     * What is wrong with a data cell, or null when it is a finite number. Blanks around a cell are ignored; a cell
     * may be in double quotes, as spreadsheets write it and as RFC 4180 allows ({@code "3"} is 3, as pandas reads
     * it), but then the quotes hold the number alone: blanks inside them are part of the cell.
     */
    private static String problem(String cell) {
        String t = cell.trim();
        boolean opens = t.startsWith("\"");
        boolean quoted = t.length() >= 2 && opens && t.endsWith("\"");
        if (opens && !quoted) {
            return "'" + abbreviate(t) + "' is not a number: a double quote opens the cell but none closes it";
        }
        String n = quoted ? t.substring(1, t.length() - 1) : t;
        if (n.isEmpty()) {
            return "empty cell" + (quoted ? " (\"\")" : "");
        }
        if (quoted && !n.equals(n.strip())) {
            return "'" + abbreviate(t) + "' is not a number: blanks inside double quotes are part of the cell";
        }
        if (NOT_FINITE.matcher(n).matches()) {
            return "'" + abbreviate(t) + "' is not a finite number";
        }
        if (!NUMBER.matcher(n).matches()) {
            return "'" + abbreviate(t) + "' is not a number"
                    + (n.matches("[+-]?\\.?\\d.*") ? " (write decimal numbers such as 3, -0.5, .5 or 1e-3)" : "");
        }
        return Double.isFinite(Double.parseDouble(n)) ? null : "'" + abbreviate(t) + "' is not a finite number";
    }

    private static double cell(String name, int line, int column, String text) {
        String problem = problem(text);
        if (problem != null) {
            throw UserError.data(name + ":" + line + ":" + (column + 1) + ": " + problem);
        }
        String t = text.trim();
        return Double.parseDouble(t.startsWith("\"") ? t.substring(1, t.length() - 1) : t);
    }

    private static String abbreviate(String s) {
        return s.length() > 30 ? s.substring(0, 30) + "..." : s;
    }

    /** The 0-based columns of the targets, in the order listed; the same column twice is bad data. */
    private static int[] targetColumns(String name, List<String> names, boolean hasHeader, List<Target> targets) {
        int[] columns = new int[targets.size()];
        for (int k = 0; k < columns.length; k++) {
            columns[k] = targetColumn(name, names, hasHeader, targets.get(k));
            for (int j = 0; j < k; j++) {
                if (columns[j] == columns[k]) {
                    throw UserError.data(name + ": targets '" + targets.get(j).describe() + "' and '"
                            + targets.get(k).describe() + "' are the same column (" + names.get(columns[k]) + ")");
                }
            }
        }
        return columns;
    }

    private static int targetColumn(String name, List<String> names, boolean hasHeader, Target target) {
        int width = names.size();
        return switch (target.kind()) {
            case LAST -> width - 1;
            case FIRST -> 0;
            case INDEX -> {
                if (target.index() >= width) {
                    throw UserError.data(name + ": target column " + target.index() + " does not exist (the rows "
                            + "have " + width + " columns, numbered from 0)");
                }
                yield target.index();
            }
            case HEADER -> {
                int i = hasHeader ? names.indexOf(target.header()) : -1;
                if (i < 0) {
                    throw UserError.data(name + ": " + (hasHeader ? "no column is named '" + target.header()
                            + "' (columns: " + String.join(", ", names) + ")"
                            : "target '" + target.header() + "' names a column, but the file has no header row"));
                }
                yield i;
            }
        };
    }
}
