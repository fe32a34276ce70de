package nnc.report;

import nnc.data.Normalizer;
import nnc.model.UserError;
import nnc.train.Net;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.annotations.SerializedName;
import nnc.data.Targets;
import java.io.IOException;
import java.io.Reader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nnc.model.InputFile;
import nnc.model.Layer;
import nnc.model.Network;

/**
 * Trained weights and the normalization of the inputs, as JSON (documented in docs/weights-format.md):
 * <pre>{ "format": "nnc-weights", "version": 1, "model": "Digits", "task": "classification", "classes": 10,
 *   "normalization": { "kind": "minmax", "offset": [...], "scale": [...] },
 *   "layers": [ { "units": 32, "inputs": 64, "weights": [[...], ...], "bias": [...] }, ... ] }</pre>
 * A raw input x is normalized as (x − offset) · scale before the first layer. {@code "precision"} says the number
 * type the weights were trained in; float32 weights are written in the shortest decimal form of each float, which
 * reads back as the same float.
 */
public final class WeightsFile {
    public static final String FORMAT = "nnc-weights";

    /**
     * The file's content. {@code targets} (the target columns' names), {@code targetNormalization} (how
     * regression targets were scaled for training; absent: not scaled) and {@code precision} ({@code float32} or
     * {@code float64}; absent: float64) came later: files without them still load.
     */
    public record Content(String format, int version, String model, String task, int classes, Norm normalization,
                          List<LayerWeights> layers, List<String> targets,
                          @SerializedName("target_normalization") Norm targetNormalization, String precision) {
        /** The precision the weights were trained in. */
        public nnc.model.Precision trainedIn() {
            return precision == null ? nnc.model.Precision.FLOAT64 : nnc.model.Precision.of(precision);
        }
    }

    public record Norm(String kind, double[] offset, double[] scale) {
    }

    public record LayerWeights(int units, int inputs, double[][] weights, double[] bias) {
    }

    /** The format version this nnc writes and reads. */
    public static final int VERSION = 1;

    private static final Gson GSON = new GsonBuilder().create();
    /** Reads numbers strictly: null, NaN and infinities (1e999 included) are refused with their place in the file. */
    private static final Gson READER = new GsonBuilder().registerTypeAdapter(double.class, Json.FINITE).create();

    private WeightsFile() {
    }

    public static void save(Path file, Network model, Net net, Normalizer norm, Targets targets) {
        List<LayerWeights> layers = new ArrayList<>();
        for (Layer l : model.layers()) {
            layers.add(new LayerWeights(l.units(), l.inputs(), net.weights(l.index()), net.bias(l.index())));
        }
        Normalizer scaler = targets.scaler();
        Content c = new Content(FORMAT, VERSION, model.name(), targets.task().name().toLowerCase(java.util.Locale.ROOT),
                targets.classes(), new Norm(norm.kind(), norm.offset(), norm.scale()), layers, targets.names(),
                "none".equals(scaler.kind()) ? null : new Norm(scaler.kind(), scaler.offset(), scaler.scale()),
                model.train().precision().text());
        com.google.gson.JsonObject tree = GSON.toJsonTree(c).getAsJsonObject();
        if (model.train().precision() == nnc.model.Precision.FLOAT32) {
            for (com.google.gson.JsonElement layer : tree.getAsJsonArray("layers")) {
                shortestFloats(layer.getAsJsonObject());
            }
        }
        OutputFile.write("--save", file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            GSON.toJson(tree, w);
            w.flush();
        });
    }

    /**
     * A float32 layer's weights and bias as floats, which JSON then writes in their shortest form ({@code 0.1}
     * rather than the double {@code 0.10000000149011612} that is the same float).
     */
    private static void shortestFloats(com.google.gson.JsonElement e) {
        if (e instanceof com.google.gson.JsonObject o) {
            for (var entry : o.entrySet()) {
                if (entry.getValue().isJsonPrimitive() && entry.getValue().getAsJsonPrimitive().isNumber()
                        && !entry.getKey().equals("units") && !entry.getKey().equals("inputs")) {
                    entry.setValue(new com.google.gson.JsonPrimitive(entry.getValue().getAsFloat()));
                } else {
                    shortestFloats(entry.getValue());
                }
            }
        } else if (e instanceof com.google.gson.JsonArray a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isJsonPrimitive()) {
                    a.set(i, new com.google.gson.JsonPrimitive(a.get(i).getAsFloat()));
                } else {
                    shortestFloats(a.get(i));
                }
            }
        }
    }

    /**
     * The model in the precision its saved weights were trained in, when the file records one: predicting,
     * evaluating and exporting a float32 network's weights run the float32 class, which computes what training
     * computed.
     */
    public static Network inTrainedPrecision(Content c, Network model) {
        return c.trainedIn() == model.train().precision() ? model
                : model.withTrain(model.train().withPrecision(c.trainedIn()));
    }

    /** Reads and checks a weights file against the model; errors name the file (exit 3). */
    public static Content load(Path file, Network model) {
        InputFile.check(file, InputFile.heapShare(), InputFile.heapShareText(), UserError.DATA);
        Content c;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            c = READER.fromJson(in, Content.class);
        } catch (JsonParseException e) {
            throw UserError.data(Json.describe(file, e));
        } catch (IOException e) {
            throw UserError.data(file + ": cannot be read (" + e.getMessage() + ")");
        }
        check(file, c, model);
        if (c.trainedIn() == nnc.model.Precision.FLOAT32) {
            for (LayerWeights l : c.layers()) {
                for (double[] row : l.weights()) {
                    toFloats(row);
                }
                toFloats(l.bias());
            }
        }
        return c;
    }

    /** Each value as the float its shortest decimal form was written for: the weights exactly as trained. */
    private static void toFloats(double[] v) {
        if (v != null) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) v[i];
            }
        }
    }

    private static void check(Path file, Content c, Network model) {
        if (c == null || !FORMAT.equals(c.format())) {
            throw UserError.data(file + ": not a weights file written by 'nnc run --save' (it has no \"format\": \""
                    + FORMAT + "\")");
        }
        if (c.version() != VERSION) {
            throw UserError.data(file + ": has format version " + c.version() + "; this nnc reads version "
                    + VERSION);
        }
        if (!model.name().equals(c.model())) {
            throw UserError.data(file + ": holds the weights of " + (c.model() == null ? "no named model"
                    : "model " + c.model()) + ", not of model " + model.name());
        }
        if (c.layers() == null || c.normalization() == null) {
            throw UserError.data(file + ": has no " + (c.layers() == null ? "\"layers\"" : "\"normalization\""));
        }
        if (c.trainedIn() == null) {
            throw UserError.data(file + ": \"precision\" must be \"float32\" or \"float64\", not \"" + c.precision()
                    + "\"");
        }
        checkTask(file, c, model);
        if (c.layers().size() != model.layers().size()) {
            throw UserError.data(file + ": holds " + c.layers().size() + " layers but model " + model.name()
                    + " has " + model.layers().size());
        }
        for (Layer l : model.layers()) {
            LayerWeights w = c.layers().get(l.index());
            String where = file + ": layer " + (l.index() + 1);
            if (w == null) {
                throw UserError.data(where + " is null");
            }
            if (w.units() != l.units() || w.inputs() != l.inputs()) {
                throw UserError.data(where + " has " + w.units() + " units and " + w.inputs() + " inputs, but layer "
                        + (l.index() + 1) + " of model " + model.name() + " has " + l.units() + " and " + l.inputs());
            }
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
            if (!l.hasBias() && w.bias() != null) {
                throw UserError.data(where + " has a bias, but the model's layer has bias_term = false");
            }
        }
        Norm t = c.targetNormalization();
        if (t != null && (t.offset() == null || t.scale() == null || t.offset().length != model.outputSize()
                || t.scale().length != model.outputSize()
                || java.util.Arrays.stream(t.scale()).anyMatch(v -> v == 0))) {
            throw UserError.data(file + ": the target normalization does not have " + model.outputSize()
                    + " offsets and non-zero scales");
        }
        Norm n = c.normalization();
        if (n.offset() == null || n.scale() == null || n.offset().length != model.inputSize()
                || n.scale().length != model.inputSize()) {
            throw UserError.data(file + ": the normalization does not have " + model.inputSize() + " features");
        }
        String kind = model.train().normalize().kind().name().toLowerCase(Locale.ROOT);
        if (!kind.equals(n.kind())) {
            throw UserError.data(file + ": the inputs were normalized with '" + n.kind() + "', but model "
                    + model.name() + " normalizes with '" + kind + "'");
        }
    }

    private static void checkTask(Path file, Content c, Network model) {
        int expected = Math.max(2, model.outputSize());
        if ("classification".equals(c.task())) {
            // (independent 0/1 labels, one per output, are saved as 2 classes)
            if (c.classes() != expected && c.classes() != 2) {
                throw UserError.data(file + ": holds a classifier of " + c.classes() + " classes, but model "
                        + model.name() + " has " + expected);
            }
        } else if (!"regression".equals(c.task())) {
            throw UserError.data(file + ": \"task\" must be \"classification\" or \"regression\", not "
                    + (c.task() == null ? "missing" : "\"" + c.task() + "\""));
        }
    }

    /** How the saved network's outputs relate to targets: task, classes, target names and scaling. */
    public static Targets targets(Content c, Network model) {
        int k = model.outputSize();
        boolean classification = "classification".equals(c.task());
        List<String> names = c.targets() != null && c.targets().size() == (classification ? c.targets().size() : k)
                ? c.targets() : defaultNames(k, classification);
        if (classification) {
            boolean multiLabel = names.size() > 1 && names.size() == k;
            names = multiLabel || names.size() == 1 ? names : defaultNames(k, true);
            return new Targets(Network.Task.CLASSIFICATION, k, multiLabel ? 2 : Math.max(2, k), multiLabel, names,
                    Normalizer.none(k));
        }
        Norm t = c.targetNormalization();
        Normalizer scaler = t == null ? Normalizer.none(k) : new Normalizer(t.kind(), t.offset(), t.scale());
        return new Targets(Network.Task.REGRESSION, k, 0, false, names, scaler);
    }

    private static List<String> defaultNames(int k, boolean classification) {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < (classification ? 1 : k); j++) {
            names.add(classification ? "class" : "output " + j);
        }
        return names;
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
