package nnc.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

/** The --json text is written without a Gson instance: it must be what Gson's pretty printing writes. */
class JsonTextTest {
    @Test
    void theTextIsGsonsPrettyPrintingWithNonFiniteNumbersAsNull() {
        JsonObject o = new JsonObject();
        o.addProperty("model", "M <1> & 'two'");
        o.addProperty("epochs", 40);
        o.addProperty("loss", 0.006518230301255897);
        o.addProperty("tiny", 1e-300);
        o.addProperty("r2", Double.NaN);
        o.addProperty("far", Double.NEGATIVE_INFINITY);
        o.addProperty("ok", true);
        o.add("none", JsonNull.INSTANCE);
        o.add("empty", new JsonArray());
        o.add("emptyObject", new JsonObject());
        JsonArray rows = new JsonArray();
        for (int i = 0; i < 3; i++) {
            JsonArray row = new JsonArray();
            row.add(i);
            row.add(i / 3.0);
            row.add(Double.POSITIVE_INFINITY);
            rows.add(row);
        }
        o.add("confusion", rows);
        JsonObject timing = new JsonObject();
        timing.addProperty("ms", 12.5f);
        o.add("timing", timing);

        JsonObject expected = o.deepCopy();
        expected.add("r2", JsonNull.INSTANCE);
        expected.add("far", JsonNull.INSTANCE);
        for (var row : expected.getAsJsonArray("confusion")) {
            row.getAsJsonArray().set(2, JsonNull.INSTANCE);
        }
        String gson = new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(expected);
        assertEquals(gson, JsonReport.json(o));
        assertEquals(gson.length(), JsonReport.json(o).length(), "the tree itself is left as it was");
    }
}
