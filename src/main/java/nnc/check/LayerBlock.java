package nnc.check;

import java.util.function.Function;
import nnc.model.Init;
import nnc.syntax.Ast;
import nnc.syntax.Pos;

/** Reads the block of a {@code dense} statement: starting values, freezing, initializer, bias. */
final class LayerBlock extends BlockReader {
    private final Function<Ast.Call, Init> initResolver;
    private int units;
    private int inputs;
    private Pos biasPos;

    double[][] weights;
    double[] bias;
    boolean trainable = true;
    boolean biasTerm = true;
    Init init;

    LayerBlock(Values values, Function<Ast.Call, Init> initResolver) {
        super(values, "a dense block", Catalog.DENSE_KEYS);
        this.initResolver = initResolver;
    }

    /** @param inputs the layer's input size, or -1 when unknown because of an earlier error */
    void read(Ast.Block block, int units, int inputs) {
        this.units = units;
        this.inputs = inputs;
        readEntries(block);
        if (!biasTerm && bias != null) {
            values.error(biasPos, "'bias' is given but 'bias_term = false' says the layer has no bias");
        }
    }

    @Override
    void entry(String key, Ast.Value value) {
        switch (key) {
            case "weights" -> weights = matrix(value);
            case "bias" -> {
                biasPos = value.pos();
                bias = vector(value, units, "bias", "neuron");
            }
            case "trainable" -> trainable = !Boolean.FALSE.equals(values.bool(value));
            case "bias_term" -> biasTerm = !Boolean.FALSE.equals(values.bool(value));
            default -> {
                if (value instanceof Ast.CallValue c) {
                    init = initResolver.apply(c.call());
                } else {
                    values.error(value.pos(), "expected an initializer name but found " + Values.describe(value));
                }
            }
        }
    }

    private double[][] matrix(Ast.Value value) {
        if (!(value instanceof Ast.ListValue rows)) {
            values.error(value.pos(), "expected a list of rows (one per neuron) but found " + Values.describe(value));
            return null;
        }
        if (rows.items().size() != units) {
            values.error(rows.pos(), "weights has " + rows.items().size() + " rows but the layer has " + units
                    + " neurons (one row per neuron)");
            return null;
        }
        double[][] w = new double[units][];
        boolean ok = true;
        for (int r = 0; r < units; r++) {
            w[r] = inputs < 0 ? null : vector(rows.items().get(r), inputs, "row " + (r + 1) + " of weights", "input");
            ok &= w[r] != null;
        }
        return ok ? w : null;
    }

    private double[] vector(Ast.Value value, int size, String what, String per) {
        if (!(value instanceof Ast.ListValue list)) {
            values.error(value.pos(), "expected a list of numbers for " + what + " but found "
                    + Values.describe(value));
            return null;
        }
        if (list.items().size() != size) {
            int n = list.items().size();
            values.error(list.pos(), what + " has " + n + (n == 1 ? " value" : " values") + " but the layer has " + size
                    + " " + per + (size == 1 ? "" : "s") + " (one value per " + per + ")");
            return null;
        }
        double[] v = new double[size];
        boolean ok = true;
        for (int i = 0; i < size; i++) {
            Double d = values.number(list.items().get(i));
            ok &= d != null;
            v[i] = d == null ? 0 : d;
        }
        return ok ? v : null;
    }
}
