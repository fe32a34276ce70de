package nnc.syntax;

/** One error found in a {@code .nn} file, with the span of source it points at. */
public record Diagnostic(Pos pos, String message) implements Comparable<Diagnostic> {
    @Override
    public int compareTo(Diagnostic o) {
        int c = Integer.compare(pos.offset(), o.pos.offset());
        return c != 0 ? c : message.compareTo(o.message);
    }
}
