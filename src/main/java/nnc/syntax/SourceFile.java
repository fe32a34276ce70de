package nnc.syntax;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The text of a {@code .nn} file, with the line index needed to show diagnostics. */
public final class SourceFile {
    private static final int SHOWN_LINE_WIDTH = 100;

    private final String displayName;
    private final Path path;
    private final String text;
    private final int[] lineStarts;

    public SourceFile(String displayName, Path path, String text) {
        this.displayName = displayName;
        this.path = path;
        this.text = text;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Decodes bytes as UTF-8. Invalid bytes are reported through {@code reporter}, with their line and column,
     * and replaced so that the rest of the file can still be read.
     */
    public static SourceFile decode(String displayName, Path path, byte[] bytes, Reporter reporter) {
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return new SourceFile(displayName, path, strict.decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            int badAt = firstMalformedByte(bytes);
            String lenient = new String(bytes, StandardCharsets.UTF_8);
            String prefix = new String(bytes, 0, badAt, StandardCharsets.UTF_8);
            SourceFile file = new SourceFile(displayName, path, lenient);
            reporter.error(file.pos(prefix.length(), 1),
                    String.format("the file is not valid UTF-8 (byte 0x%02X)", bytes[badAt] & 0xff));
            return file;
        }
    }

    private static int firstMalformedByte(byte[] bytes) {
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        var result = strict.decode(in, out, true);
        return result.isError() ? in.position() : 0;
    }

    public String displayName() {
        return displayName;
    }

    /** The file's location on disk, or null for text that came from elsewhere. */
    public Path path() {
        return path;
    }

    public String text() {
        return text;
    }

    /** The span of {@code length} characters starting at character {@code offset}. */
    public Pos pos(int offset, int length) {
        int line = lineOf(offset);
        return new Pos(line + 1, offset - lineStarts[line] + 1, length, offset);
    }

    private int lineOf(int offset) {
        int lo = 0;
        int hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    public String line(int line) {
        if (line < 1 || line > lineStarts.length) {
            return "";
        }
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] - 1 : text.length();
        if (end > start && text.charAt(end - 1) == '\r') {
            end--;
        }
        return text.substring(start, Math.max(start, end));
    }

    /** Renders a diagnostic the way javac does: location, message, the source line, and carets. */
    public String render(Diagnostic d) {
        Pos p = d.pos();
        StringBuilder out = new StringBuilder();
        out.append(displayName).append(':').append(p.line()).append(':').append(p.column())
                .append(": error: ").append(d.message()).append('\n');
        String line = line(p.line());
        int col = Math.max(0, p.column() - 1);
        int from = 0;
        if (line.length() > SHOWN_LINE_WIDTH) {
            from = Math.max(0, Math.min(col - SHOWN_LINE_WIDTH / 2, line.length() - SHOWN_LINE_WIDTH));
            line = (from > 0 ? "..." : "") + line.substring(from, Math.min(line.length(), from + SHOWN_LINE_WIDTH))
                    + (from + SHOWN_LINE_WIDTH < line.length() ? "..." : "");
            col = col - from + (from > 0 ? 3 : 0);
        }
        StringBuilder shown = new StringBuilder();
        StringBuilder caret = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            boolean printable = c >= 0x20 && c != 0x7f && !Character.isISOControl(c);
            shown.append(c == '\t' ? ' ' : printable ? c : '?');
        }
        for (int i = 0; i < col; i++) {
            caret.append(' ');
        }
        int visible = Math.max(1, Math.min(p.length(), Math.max(1, shown.length() - col)));
        caret.append("^".repeat(visible));
        out.append("    ").append(shown).append('\n');
        out.append("    ").append(caret).append('\n');
        return out.toString();
    }
}
