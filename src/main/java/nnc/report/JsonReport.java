package nnc.report;

import nnc.train.Metrics;
import nnc.train.RunResult;
import nnc.train.Trainer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import nnc.data.Targets;
import nnc.model.Network;

/** The {@code --json} report: one object with the model, the per-epoch history, test figures and timing. */
public final class JsonReport {
    private JsonReport() {
    }

    /**
     * The training time beyond what the same epochs take at their steady speed: {@code train_ms} minus the epochs
     * run times the steady epoch time, the median of the later half of the epochs' wall times (epochs
     * ⌊n/2⌋+1..n of n; all of them for n ≤ 1). Never below 0. It is the time spent while the JVM compiles the
     * generated class's code and the training loop (they run interpreted, then compiled, first), plus what the
     * loop does outside the epochs.
     */
    public static double warmupMs(Trainer.Result training) {
        java.util.List<Trainer.Epoch> h = training.history();
        if (h.isEmpty()) {
            return 0;
        }
        double[] later = h.subList(h.size() / 2, h.size()).stream().mapToDouble(Trainer.Epoch::ms).sorted().toArray();
        int m = later.length;
        double steady = m % 2 == 1 ? later[m / 2] : (later[m / 2 - 1] + later[m / 2]) / 2;
        return Math.max(0, training.trainMs() - h.size() * steady);
    }

    public static String render(RunResult r) {
        JsonObject o = new JsonObject();
        o.addProperty("model", r.model().name());
        boolean classification = r.data().task == Network.Task.CLASSIFICATION;
        o.addProperty("task", classification ? "classification" : "regression");
        o.addProperty("parameters", r.model().parameterCount());
        o.addProperty("precision", r.model().train().precision().text());
        o.addProperty("epochs_run", r.training().epochsRun());
        if (r.training().stopReason() != null) {
            o.addProperty("stopped", r.training().stopReason());
        }
        JsonArray history = new JsonArray();
        for (Trainer.Epoch e : r.training().history()) {
            JsonObject h = new JsonObject();
            h.addProperty("epoch", e.epoch());
            h.addProperty("loss", e.loss());
            if (classification) {
                h.addProperty("accuracy", e.accuracy());
            }
            if (!Double.isNaN(e.valLoss())) {
                h.addProperty("val_loss", e.valLoss());
                if (classification) {
                    h.addProperty("val_accuracy", e.valAccuracy());
                }
            }
            h.addProperty("lr", e.lr());
            h.addProperty("ms", Math.round(e.ms() * 100) / 100.0);
            history.add(h);
        }
        o.add("history", history);
        o.add("test", test(r.test(), r.data().targets, r.data().test.rows(), r.model().lossGiven()));
        JsonObject timing = new JsonObject();
        timing.addProperty("compile_ms", Math.round(r.compileMs() * 10) / 10.0);
        timing.addProperty("train_ms", Math.round(r.training().trainMs() * 10) / 10.0);
        timing.addProperty("ms_per_epoch", Math.round(r.msPerEpoch() * 100) / 100.0);
        timing.addProperty("samples_per_s", Math.round(r.samplesPerSecond()));
        timing.addProperty("warmup_ms", Math.round(warmupMs(r.training()) * 10) / 10.0);
        timing.addProperty("threads", r.threads());
        JsonObject phases = new JsonObject();
        r.phases().forEach((k, v) -> phases.addProperty(k, Math.round(v * 10) / 10.0));
        timing.add("phases_ms", phases);
        o.add("timing", timing);
        return json(o);
    }

    /** {@code nnc evaluate --json}: {@code model}, {@code task}, {@code weights}, {@code data}, {@code test}. */
    public static String evaluation(Network model, String weights, String data, Targets targets, Metrics m,
                                    int rows) {
        JsonObject o = new JsonObject();
        o.addProperty("model", model.name());
        o.addProperty("task", targets.classification() ? "classification" : "regression");
        o.addProperty("weights", weights);
        o.addProperty("data", data);
        o.add("test", test(m, targets, rows, model.lossGiven()));
        return json(o);
    }

    /**
     * The tree as pretty-printed JSON, with every NaN or infinite number written as null, which JSON has (NaN it
     * has not): r2 of a single test row, for one, is undefined. Gson's own writer, without a Gson instance (making
     * one, with its type adapters, cost a fresh JVM 30-50 ms, more than the rest of the report); the text is what
     * Gson's pretty printing writes.
     */
    static String json(JsonObject o) {
        StringWriter out = new StringWriter();
        try (JsonWriter w = new JsonWriter(out)) {
            w.setIndent("  ");
            w.setHtmlSafe(true);
            w.setSerializeNulls(true);
            write(o, w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonElement e, JsonWriter w) throws IOException {
        if (e instanceof JsonObject obj) {
            w.beginObject();
            for (var entry : obj.entrySet()) {
                w.name(entry.getKey());
                write(entry.getValue(), w);
            }
            w.endObject();
        } else if (e instanceof JsonArray array) {
            w.beginArray();
            for (JsonElement item : array) {
                write(item, w);
            }
            w.endArray();
        } else if (e instanceof JsonPrimitive p && p.isNumber()) {
            if (Double.isFinite(p.getAsDouble())) {
                w.value(p.getAsNumber());
            } else {
                w.nullValue();
            }
        } else if (e instanceof JsonPrimitive p && p.isBoolean()) {
            w.value(p.getAsBoolean());
        } else if (e instanceof JsonPrimitive p) {
            w.value(p.getAsString());
        } else {
            w.nullValue();
        }
    }

    /**
     * The test figures: {@code rows}, {@code loss} (where the model names one), then {@code accuracy} and
     * {@code confusion}, or {@code mse}, {@code mae}, {@code r2} (means over the outputs) with {@code outputs}, one
     * object per output, when there are several; independent labels give {@code accuracy} and {@code labels}.
     */
    public static JsonObject test(Metrics m, Targets targets, int rows, boolean lossGiven) {
        JsonObject test = new JsonObject();
        test.addProperty("rows", rows);
        if (lossGiven) {
            test.addProperty("loss", m.loss());
        }
        List<String> names = targets.names();
        if (targets.classification()) {
            test.addProperty("accuracy", m.accuracy());
            if (targets.multiLabel()) {
                JsonArray labels = new JsonArray();
                for (int j = 0; j < names.size(); j++) {
                    JsonObject l = new JsonObject();
                    l.addProperty("name", names.get(j));
                    l.addProperty("accuracy", m.accuracyEach()[j]);
                    labels.add(l);
                }
                test.add("labels", labels);
            } else {
                JsonArray confusion = new JsonArray();
                for (int[] row : m.confusion()) {
                    JsonArray a = new JsonArray();
                    for (int v : row) {
                        a.add(v);
                    }
                    confusion.add(a);
                }
                test.add("confusion", confusion);
            }
            return test;
        }
        test.addProperty("mse", m.mse());
        test.addProperty("mae", m.mae());
        test.addProperty("r2", m.r2());
        if (names.size() > 1) {
            JsonArray outputs = new JsonArray();
            for (int j = 0; j < names.size(); j++) {
                JsonObject out = new JsonObject();
                out.addProperty("name", names.get(j));
                out.addProperty("mse", m.mseEach()[j]);
                out.addProperty("mae", m.maeEach()[j]);
                out.addProperty("r2", m.r2Each()[j]);
                outputs.add(out);
            }
            test.add("outputs", outputs);
        }
        return test;
    }
}
