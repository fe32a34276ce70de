package nnc.report;

import nnc.train.Metrics;
import nnc.train.RunResult;
import nnc.train.Trainer;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
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
        JsonObject test = new JsonObject();
        Metrics m = r.test();
        test.addProperty("rows", r.data().test.rows());
        test.addProperty("loss", m.loss());
        if (classification) {
            test.addProperty("accuracy", m.accuracy());
            JsonArray confusion = new JsonArray();
            for (int[] row : m.confusion()) {
                JsonArray a = new JsonArray();
                for (int v : row) {
                    a.add(v);
                }
                confusion.add(a);
            }
            test.add("confusion", confusion);
        } else {
            test.addProperty("mse", m.mse());
            test.addProperty("mae", m.mae());
            test.addProperty("r2", m.r2());
        }
        o.add("test", test);
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
        return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(o);
    }
}
