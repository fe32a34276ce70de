package nnc.codegen;

import java.util.Objects;

/**
 * One matrix product of the generated class, {@code C[i][0..n) += Σ_p a(i,p) · B[p][0..n)} for rows
 * {@code i ∈ [rowsFrom, rowsTo)} and {@code p ∈ [reduceFrom, reduceTo)}: every name and bound is an expression of
 * the generated code. Built in JavaPoet's style:
 * <pre>{@code
 * Product.into("s1").scalars("in").times("w1").rows("from", "to").over("0", "N0").width("N1", 128).build()
 * }</pre>
 *
 * @param into       C, the accumulated matrix (rows i)
 * @param scalars    the scalar source: {@code a[i][p]}, or {@code a[p][i]} when {@code scalarsByP}
 * @param scalarsByP whether the scalars are indexed [p][i]
 * @param stream     B, the streamed matrix (rows p), or its transpose when {@code streamTransposed}
 * @param streamTransposed whether {@code stream} holds Bᵀ: b(p, j) = {@code stream[j][p]}
 * @param rowsFrom   first row of C
 * @param rowsTo     end of the rows of C (exclusive)
 * @param reduceFrom first row of B
 * @param reduceTo   end of the rows of B (exclusive)
 * @param reduceRows the number of rows of B reduced over when the generator knows it (a layer's size), or -1 when
 *                   it is known only at run time (the rows of a batch)
 * @param width      row length of C and B: the name of a constant
 * @param columns    the value of {@code width}
 * @param start      what each row of C starts from: null, its own values ({@code C += a·b}); {@link #ZERO}, zeros
 *                   ({@code C = a·b}); else the name of a row (a bias: {@code C = start + a·b})
 * @param relu       null, or the matrix that receives relu(C) as the product stores its last tile (a layer's
 *                   activations, {@code a = relu(s)}, without a pass of their own)
 * @param reluDerivativeOf null, or the matrix S with {@code C ⊙= relu′(S)} as the product stores its last tile (a
 *                   delta, {@code δ = (Wᵀ δ′) ⊙ relu′(s)})
 * @param columnsFrom null (every column of C), or the first column of C to compute, for a product whose B is
 *                   given transposed (a delta split by units)
 * @param columnsTo  the end of those columns (exclusive), or null
 */
record Product(String into, String scalars, boolean scalarsByP, String stream, boolean streamTransposed,
               String rowsFrom, String rowsTo, String reduceFrom, String reduceTo, int reduceRows, String width,
               int columns, String start, String relu, String reluDerivativeOf, String columnsFrom,
               String columnsTo) {
    /** {@link #start} for rows of C that start from zero. */
    static final String ZERO = "0";

    /** Whether the rows of C start from zero ({@code C = a·b}). */
    boolean startsFromZero() {
        return ZERO.equals(start);
    }

    /** Whether the product's last tile finishes a relu layer ({@link #relu} or {@link #reluDerivativeOf}). */
    boolean finishesRelu() {
        return relu != null || reluDerivativeOf != null;
    }

    static Builder into(String c) {
        return new Builder(c);
    }

    /** Collects the parts of a {@link Product}; {@link #build} checks that every one was given. */
    static final class Builder {
        private final String into;
        private String scalars;
        private boolean scalarsByP;
        private String stream;
        private boolean streamTransposed;
        private String rowsFrom;
        private String rowsTo;
        private String reduceFrom;
        private String reduceTo;
        private int reduceRows = -1;
        private String width;
        private int columns;
        private String start;
        private String relu;
        private String reluDerivativeOf;
        private String columnsFrom;
        private String columnsTo;

        private Builder(String into) {
            this.into = into;
        }

        /** The scalars a(i, p) are {@code a[i][p]}. */
        Builder scalars(String a) {
            this.scalars = a;
            this.scalarsByP = false;
            return this;
        }

        /** The scalars a(i, p) are {@code a[p][i]}. */
        Builder scalarsByP(String a) {
            this.scalars = a;
            this.scalarsByP = true;
            return this;
        }

        Builder times(String b) {
            this.stream = b;
            this.streamTransposed = false;
            return this;
        }

        /** B is given as its transpose: b(p, j) = {@code bt[j][p]}. */
        Builder timesTransposed(String bt) {
            this.stream = bt;
            this.streamTransposed = true;
            return this;
        }

        Builder rows(String from, String to) {
            this.rowsFrom = from;
            this.rowsTo = to;
            return this;
        }

        /** p ∈ [from, to), a number of rows known only at run time. */
        Builder over(String from, String to) {
            this.reduceFrom = from;
            this.reduceTo = to;
            return this;
        }

        /** p ∈ [from, to), {@code rows} rows. */
        Builder over(String from, String to, int rows) {
            this.reduceRows = rows;
            return over(from, to);
        }

        /** Each row of C starts from {@code row} (a bias, or {@link Product#ZERO}) rather than from its own values. */
        Builder startingFrom(String row) {
            this.start = row;
            return this;
        }

        /** {@code a = relu(C)}, written as the last tile of C is stored. */
        Builder thenRelu(String a) {
            this.relu = a;
            return this;
        }

        /** {@code C ⊙= relu′(s)}, applied as the last tile of C is stored. */
        Builder timesReluDerivativeOf(String s) {
            this.reluDerivativeOf = s;
            return this;
        }

        /** Only columns [from, to) of C. */
        Builder columns(String from, String to) {
            this.columnsFrom = from;
            this.columnsTo = to;
            return this;
        }

        Builder width(String constant, int value) {
            this.width = constant;
            this.columns = value;
            return this;
        }

        Product build() {
            return new Product(into, Objects.requireNonNull(scalars, "scalars"), scalarsByP,
                    Objects.requireNonNull(stream, "times"), streamTransposed, Objects.requireNonNull(rowsFrom, "rows"),
                    rowsTo, Objects.requireNonNull(reduceFrom, "over"), reduceTo, reduceRows,
                    Objects.requireNonNull(width, "width"), columns, start, relu, reluDerivativeOf, columnsFrom,
                    columnsTo);
        }
    }
}
