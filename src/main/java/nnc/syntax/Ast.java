package nnc.syntax;

import java.util.List;

/** The abstract syntax of a {@code .nn} file. Every node carries the source span it came from. */
public final class Ast {
    private Ast() {
    }

    public record Model(String name, Pos namePos, List<Statement> statements, Pos pos) {
    }

    /** One statement in a model body. */
    public sealed interface Statement permits Input, Dense, Dropout, Directive, Train {
        Pos pos();
    }

    /** {@code input N} or {@code input [d1, d2, ...]}: the dims are numbers to be checked as whole numbers. */
    public record Input(List<Num> dims, boolean shaped, Pos pos) implements Statement {
    }

    /** {@code dense N act { ... }}; {@code activation} and {@code block} may be null. */
    public record Dense(Num units, Call activation, Block block, Pos pos) implements Statement {
    }

    public record Dropout(Num rate, Pos pos) implements Statement {
    }

    /** {@code loss}, {@code optimizer}, {@code init} or {@code regularize} with its call. */
    public record Directive(String keyword, Call call, Pos pos) implements Statement {
    }

    public record Train(Block block, Pos pos) implements Statement {
    }

    /** {@code NAME} or {@code NAME(args)}; {@code args} is empty in both forms when none are given. */
    public record Call(String name, Pos namePos, List<Arg> args, Pos pos) {
    }

    /** A call argument; {@code name} is null for a positional argument. */
    public record Arg(String name, Pos namePos, Value value) {
    }

    public record Block(List<Entry> entries, Pos pos) {
    }

    public record Entry(String key, Pos keyPos, Value value) {
    }

    /** A value in an argument list or block. */
    public sealed interface Value permits Num, Str, Bool, ListValue, CallValue {
        Pos pos();
    }

    /**
     * A number as written. {@code value} is the double it denotes (infinite when it overflows);
     * {@code wholeForm} is true when it was written without '.' or exponent.
     */
    public record Num(String text, double value, boolean wholeForm, Pos pos) implements Value {
    }

    public record Str(String value, Pos pos) implements Value {
    }

    public record Bool(boolean value, Pos pos) implements Value {
    }

    public record ListValue(List<Value> items, Pos pos) implements Value {
    }

    public record CallValue(Call call, Pos pos) implements Value {
    }
}
