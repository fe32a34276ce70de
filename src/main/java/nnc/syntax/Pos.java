package nnc.syntax;

/** A span of source text: 1-based line and column (in characters), its length, and its character offset. */
public record Pos(int line, int column, int length, int offset) {
    public static final Pos NONE = new Pos(0, 0, 0, 0);

    public String lineCol() {
        return line + ":" + column;
    }
}
