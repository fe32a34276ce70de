package nnc.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import nnc.model.Precision;

/**
 * The number type the generated class stores its parameters, activations, deltas, gradients and optimizer state
 * in: everything an emitter writes that depends on the precision. The {@code Net} contract stays in doubles: a
 * float class converts at its boundary (the batch once per slice, weights and outputs when copied in or out).
 *
 * <p>Scalar formulas (activations, losses, optimizer steps) read float elements into {@code double} locals,
 * compute in double and round once when they store ({@link #store}); the matrix products, where the time goes,
 * run in the number type itself.
 */
final class NumberType {
    static final NumberType DOUBLE = new NumberType(Precision.FLOAT64, "double", double[][].class, double[].class,
            "DoubleVector", 8);
    static final NumberType FLOAT = new NumberType(Precision.FLOAT32, "float", float[][].class, float[].class,
            "FloatVector", 4);

    final Precision precision;
    /** {@code double} or {@code float}. */
    final String name;
    /** The type of the matrices, {@code double[][]} or {@code float[][]}. */
    final TypeName matrix;
    /** The type of the vectors. */
    final TypeName vector;
    /** The Vector API's vector class of this element type. */
    final ClassName vectorClass;
    /** Bytes per element. */
    final int bytes;

    private NumberType(Precision precision, String name, Class<?> matrix, Class<?> vector, String vectorClass,
                       int bytes) {
        this.precision = precision;
        this.name = name;
        this.matrix = TypeName.get(matrix);
        this.vector = TypeName.get(vector);
        this.vectorClass = ClassName.get("jdk.incubator.vector", vectorClass);
        this.bytes = bytes;
    }

    static NumberType of(Precision p) {
        return p == Precision.FLOAT32 ? FLOAT : DOUBLE;
    }

    boolean isDouble() {
        return this == DOUBLE;
    }

    /** {@code double[]} or {@code float[]}, for declarations. */
    String array() {
        return name + "[]";
    }

    /** An expression in double as a value of this type: unchanged for double, rounded once for float. */
    String store(String expression) {
        return isDouble() ? expression : "(float) (" + expression + ")";
    }

    /** A literal of this type that reads back as {@code v} rounded to it. */
    String lit(double v) {
        return isDouble() ? Names.lit(v) : Names.floatLit((float) v);
    }

    /**
     * Optimizer state below this magnitude is set to zero from time to time, before it can become a subnormal
     * number: {@link nnc.model.Optimizer#TINY_STATE} in double; in float, whose subnormals start below 1.2e-38,
     * 1e-30 (it moves no weight by more than lr · 1e-15).
     */
    double tinyState() {
        return isDouble() ? nnc.model.Optimizer.TINY_STATE : 1e-30;
    }

    /**
     * Elements per 64-byte cache line: the rows of the class's matrices are padded to a whole number of them, which
     * also makes them whole vectors of the widest species ({@link #paddedColumns}).
     */
    int perLine() {
        return 64 / bytes;
    }

    /** {@code cols} rounded up to a whole number of cache lines ({@link #perLine}). */
    int paddedColumns(int cols) {
        return (cols + perLine() - 1) & -perLine();
    }

    /**
     * Elements after the padded columns of a matrix row, so that the row object (a 16-byte array header and its
     * elements) fills whole cache lines: consecutive rows then start at the same offset in a line.
     */
    int rowTail() {
        return (64 - 16) / bytes;
    }

    /** Elements per vector of {@code bits} bits. */
    int lanes(int bits) {
        return bits / (8 * bytes);
    }
}
