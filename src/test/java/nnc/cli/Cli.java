package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the command line in-process and captures what it prints. */
record Cli(int exit, String out, String err) {
    static Cli run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        Cli c = new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertFalse(c.err.contains("\tat ") || c.out.contains("\tat "), "no stack trace:\n" + c.err);
        return c;
    }

    /** The {@code --json} history without the epochs' wall times: the figures that repeat run for run. */
    com.google.gson.JsonArray figures() {
        com.google.gson.JsonArray h = json().getAsJsonArray("history").deepCopy();
        h.forEach(e -> e.getAsJsonObject().remove("ms"));
        return h;
    }

    com.google.gson.JsonObject json() {
        return com.google.gson.JsonParser.parseString(out).getAsJsonObject();
    }
}
