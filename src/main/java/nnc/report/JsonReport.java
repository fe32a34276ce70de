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
        timing.addProperty("threads", r.threads());
        JsonObject phases = new JsonObject();
        r.phases().forEach((k, v) -> phases.addProperty(k, Math.round(v * 10) / 10.0));
        timing.add("phases_ms", phases);
        o.add("timing", timing);
        return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(o);
    }
}
