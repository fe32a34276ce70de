package nnc.report;

import nnc.data.Normalizer;
import nnc.model.UserError;
import nnc.train.Net;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nnc.model.Layer;
import nnc.model.Network;

/**
 * Trained weights and the normalization of the inputs, as JSON (documented in docs/weights-format.md):
 * <pre>{ "format": "nnc-weights", "version": 1, "model": "Digits", "task": "classification", "classes": 10,
 *   "normalization": { "kind": "minmax", "offset": [...], "scale": [...] },
 *   "layers": [ { "units": 32, "inputs": 64, "weights": [[...], ...], "bias": [...] }, ... ] }</pre>
 * A raw input x is normalized as (x − offset) · scale before the first layer.
 */
public final class WeightsFile {
    public static final String FORMAT = "nnc-weights";

    /** The file's content. */
    public record Content(String format, int version, String model, String task, int classes, Norm normalization,
                          List<LayerWeights> layers) {
    }

    public record Norm(String kind, double[] offset, double[] scale) {
    }

    public record LayerWeights(int units, int inputs, double[][] weights, double[] bias) {
    }

    private static final Gson GSON = new GsonBuilder().create();

    private WeightsFile() {
    }

    public static void save(Path file, Network model, Net net, Normalizer norm, Network.Task task, int classes) {
        List<LayerWeights> layers = new ArrayList<>();
        for (Layer l : model.layers()) {
            layers.add(new LayerWeights(l.units(), l.inputs(), net.weights(l.index()), net.bias(l.index())));
        }
        Content c = new Content(FORMAT, 1, model.name(), task.name().toLowerCase(java.util.Locale.ROOT), classes,
                new Norm(norm.kind(), norm.offset(), norm.scale()), layers);
        OutputFile.write("--save", file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            GSON.toJson(c, w);
            w.flush();
        });
    }

    /** Reads and checks a weights file against the model; errors name the file (exit 3). */
    public static Content load(Path file, Network model) {
        Content c;
        try {
            c = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Content.class);
        } catch (IOException e) {
            throw UserError.data(file + ": cannot be read (" + (Files.exists(file) ? e.getMessage() : "no such file")
                    + ")");
        } catch (JsonParseException | IllegalStateException e) {
            throw UserError.data(file + ": not a weights file written by 'nnc run --save' (" + e.getMessage() + ")");
        }
        if (c == null || !FORMAT.equals(c.format()) || c.layers() == null || c.normalization() == null) {
            throw UserError.data(file + ": not a weights file written by 'nnc run --save'");
        }
        if (c.layers().size() != model.layers().size()) {
            throw UserError.data(file + ": holds " + c.layers().size() + " layers but model " + model.name()
                    + " has " + model.layers().size());
        }
        for (Layer l : model.layers()) {
            LayerWeights w = c.layers().get(l.index());
            String where = file + ": layer " + (l.index() + 1);
            if (w.weights() == null || w.weights().length != l.units()) {
                throw UserError.data(where + " has the wrong number of weight rows (the model has " + l.units()
                        + " neurons)");
            }
            for (double[] row : w.weights()) {
                if (row == null || row.length != l.inputs()) {
                    throw UserError.data(where + " has weight rows of the wrong length (the model has " + l.inputs()
                            + " inputs)");
                }
            }
            if (l.hasBias() && (w.bias() == null || w.bias().length != l.units())) {
                throw UserError.data(where + " has no bias of " + l.units() + " values");
            }
        }
        Norm n = c.normalization();
        if (n.offset() == null || n.scale() == null || n.offset().length != model.inputSize()
                || n.scale().length != model.inputSize()) {
            throw UserError.data(file + ": the normalization does not have " + model.inputSize() + " features");
        }
        return c;
    }

    public static Normalizer normalizer(Content c) {
        return new Normalizer(c.normalization().kind(), c.normalization().offset(), c.normalization().scale());
    }

    public static void apply(Content c, Net net) {
        for (int l = 0; l < c.layers().size(); l++) {
            net.setWeights(l, c.layers().get(l).weights());
            if (c.layers().get(l).bias() != null) {
                net.setBias(l, c.layers().get(l).bias());
            }
        }
    }
}
