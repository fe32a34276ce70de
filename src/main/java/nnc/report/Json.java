package nnc.report;

import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading JSON files with messages for people: the file, line and column, and no parser internals. */
final class Json {
    private Json() {
    }

    /** A number that must be finite: null, NaN, Infinity and numbers beyond the double range are refused. */
    static final TypeAdapter<Double> FINITE = new TypeAdapter<>() {
        @Override
        public void write(JsonWriter out, Double value) throws IOException {
            out.value(value);
        }

        @Override
        public Double read(JsonReader in) throws IOException {
            String where = in.getPath();
            if (in.peek() != JsonToken.NUMBER && in.peek() != JsonToken.STRING) {
                throw new Problem(where(in) + ": " + name(in.peek()) + " where a number is expected (" + path(where)
                        + ")");
            }
            boolean string = in.peek() == JsonToken.STRING;
            String text = in.nextString();
            double v;
            try {
                v = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                v = Double.NaN;
            }
            if (string && !text.equals("NaN") && !text.contains("Infinity")) {
                throw new Problem(where(in) + ": a string where a number is expected (" + path(where) + ")");
            }
            if (!Double.isFinite(v)) {
                throw new Problem(where(in) + ": " + abbreviate(text) + " is not a finite number (" + path(where)
                        + "); a weights file holds finite numbers only");
            }
            return v;
        }
    };

    /** A problem found while reading, already worded for the user (file name added by {@link #describe}). */
    static final class Problem extends JsonParseException {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message);
        }
    }

    private static final Pattern AT = Pattern.compile("at line (\\d+) column (\\d+)(?: path (\\S+))?");
    private static final Pattern EXPECTED = Pattern.compile("Expected (?:an? )?(\\S+) but was (\\S+)");

    /** The message for a file that could not be read as JSON of the expected shape. */
    static String describe(Path file, JsonParseException e) {
        if (e instanceof Problem) {
            return file + ":" + e.getMessage();
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String text = String.valueOf(e.getMessage());
        Matcher at = AT.matcher(text);
        String place = at.find() ? ":" + at.group(1) + ":" + at.group(2) : "";
        String path = at.groupCount() >= 3 && place.length() > 0 && at.group(3) != null ? " (" + path(at.group(3))
                + ")" : "";
        String reason;
        Matcher expected = EXPECTED.matcher(text);
        if (cause instanceof EOFException || text.contains("End of input") || text.startsWith("Unterminated")) {
            reason = "the file ends early (was it cut short while being written?)";
        } else if (expected.find()) {
            reason = "found " + plain(expected.group(2)) + " where " + plain(expected.group(1)) + " is expected"
                    + path;
        } else if (cause instanceof NumberFormatException) {
            reason = "a number out of range" + path;
        } else {
            reason = "not valid JSON" + path;
        }
        return file + place + ": " + reason + "; not a weights file written by 'nnc run --save'";
    }

    private static String where(JsonReader in) {
        Matcher m = AT.matcher(in.toString());
        return m.find() ? m.group(1) + ":" + m.group(2) : "";
    }

    /** Gson's path {@code $.layers[0].weights[3][1]} without the {@code $.}. */
    private static String path(String gsonPath) {
        String p = gsonPath.startsWith("$.") ? gsonPath.substring(2) : gsonPath.startsWith("$") ? gsonPath.substring(1)
                : gsonPath;
        return p.isEmpty() ? "the whole file" : p;
    }

    private static String name(JsonToken t) {
        return plain(t.name());
    }

    private static String plain(String token) {
        return switch (token.replaceAll("[^A-Za-z_]", "")) {
            case "BEGIN_ARRAY", "END_ARRAY" -> "a list";
            case "BEGIN_OBJECT", "END_OBJECT" -> "an object";
            case "STRING", "string" -> "a string";
            case "NUMBER", "double", "int", "long" -> "a number";
            case "BOOLEAN", "boolean" -> "true or false";
            case "NULL" -> "null";
            case "NAME" -> "a name";
            case "END_DOCUMENT" -> "the end of the file";
            default -> "'" + abbreviate(token) + "'";
        };
    }

    private static String abbreviate(String s) {
        return s.length() > 30 ? s.substring(0, 30) + "..." : s;
    }
}
