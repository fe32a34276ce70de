package nnc.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import nnc.check.Frontend;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the front end: mutated versions of every file in models/ (byte and token deletions,
 * insertions, duplications, swaps). Each must end in a checked model or in diagnostics whose positions lie
 * inside the file; no exception may escape.
 */
class FuzzTest {
    private static final int CASES = 12_000;

    @Test
    void mutatedModelsNeverCrashTheFrontEnd() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("models"))) {
            for (Path p : files.filter(p -> p.toString().endsWith(".nn")).sorted().toList()) {
                seeds.add(Files.readAllBytes(p));
            }
        }
        assertTrue(seeds.size() >= 5, "models/ holds the seed files");
        Random random = new Random(20261122);
        int ok = 0;
        int rejected = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] input = seeds.get(random.nextInt(seeds.size()));
            int rounds = 1 + random.nextInt(4);
            for (int m = 0; m < rounds; m++) {
                input = mutate(input, random);
            }
            Reporter reporter = new Reporter();
            SourceFile file;
            Frontend.Result result;
            try {
                file = SourceFile.decode("fuzz.nn", null, input, reporter);
                result = Frontend.compile(file, reporter);
            } catch (RuntimeException | StackOverflowError e) {
                fail("case " + i + " crashed: " + e + "\n" + new String(input, StandardCharsets.UTF_8), e);
                return;
            }
            if (result.ok()) {
                ok++;
                continue;
            }
            rejected++;
            int lines = file.text().split("\n", -1).length;
            for (Diagnostic d : reporter.diagnostics()) {
                assertTrue(d.pos().line() >= 1 && d.pos().line() <= lines, "line inside the file: " + d);
                assertTrue(d.pos().column() >= 1 && d.pos().offset() <= file.text().length(), "column: " + d);
                assertTrue(d.pos().length() >= 1, "caret length: " + d);
            }
            file.line(1);
            reporter.render(file);
        }
        assertEquals(CASES, ok + rejected);
        assertTrue(rejected > CASES / 2, "most mutations are errors: " + rejected);
        assertTrue(ok > 0, "some mutations still check: " + ok);
    }

    private static byte[] mutate(byte[] in, Random r) {
        if (in.length == 0) {
            return new byte[] {(byte) r.nextInt(256)};
        }
        int at = r.nextInt(in.length);
        int len = 1 + r.nextInt(Math.min(12, in.length - at));
        return switch (r.nextInt(7)) {
            case 0 -> concat(Arrays.copyOf(in, at), Arrays.copyOfRange(in, at + len, in.length));
            case 1 -> concat(Arrays.copyOf(in, at), new byte[] {(byte) r.nextInt(256)},
                    Arrays.copyOfRange(in, at, in.length));
            case 2 -> concat(Arrays.copyOf(in, at + len), Arrays.copyOfRange(in, at, in.length));
            case 3 -> {
                byte[] out = in.clone();
                int other = r.nextInt(in.length);
                byte t = out[at];
                out[at] = out[other];
                out[other] = t;
                yield out;
            }
            case 4 -> tokens(in, r, 0);
            case 5 -> tokens(in, r, 1);
            default -> tokens(in, r, 2);
        };
    }

    /** Token-level mutation: delete (0), duplicate (1) or swap (2) whitespace-separated tokens. */
    private static byte[] tokens(byte[] in, Random r, int kind) {
        List<String> t = new ArrayList<>(Arrays.asList(new String(in, StandardCharsets.UTF_8).split("(?<=\\s)")));
        int i = r.nextInt(t.size());
        switch (kind) {
            case 0 -> t.remove(i);
            case 1 -> t.add(i, t.get(i));
            default -> {
                int j = r.nextInt(t.size());
                String x = t.get(i);
                t.set(i, t.get(j));
                t.set(j, x);
            }
        }
        return String.join("", t).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
