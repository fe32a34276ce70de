package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nnc.TestModels;
import nnc.codegen.Generator;
import nnc.model.Network;
import nnc.report.Explain;
import org.junit.jupiter.api.Test;

/** {@code nnc explain}: the derivation with this network's own shapes, constants, counts and method names. */
class ExplainTest {
    private static final Pattern METHOD = Pattern.compile(
            "\\b(forward\\d+|backward\\d+|gradient\\d+|update\\d+|lossAndDelta|beginBatch|gradientAndUpdate)\\b");

    private static String lineWith(String text, String start) {
        return text.lines().filter(l -> l.strip().startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starts with " + start + ":\n" + text));
    }

    @Test
    void digitsShapesFormulasAndCounts() {
        Cli c = Cli.run("explain", "models/digits.nn");
        assertEquals(0, c.exit(), c.err());
        String t = c.out();
        assertTrue(lineWith(t, "A[0]").matches(".*8 × 8 images.*n × 64\\s*"), lineWith(t, "A[0]"));
        assertTrue(lineWith(t, "W[1]").matches(".*64 × 128\\s+w1"), lineWith(t, "W[1]"));
        assertTrue(lineWith(t, "W[2]").matches(".*128 × 10\\s+w2"), lineWith(t, "W[2]"));
        assertTrue(lineWith(t, "S[1] = A[0]·W[1] + b[1]").matches(".*n × 128\\s+forward1"));
        assertTrue(lineWith(t, "X[2] = A[1] ⊙ M[2]").contains("n × 128"), "dropout 0.3 on dense2's input");
        assertTrue(t.contains("0 with probability 0.3, else 1/(1 − 0.3)"));
        assertTrue(lineWith(t, "δ[2] = (Y − T) / n").matches(".*n × 10\\s+lossAndDelta"));
        assertTrue(t.contains("fused:"));
        assertTrue(lineWith(t, "δ[1] = (δ[2]·W[2]ᵀ) ⊙ M[2] ⊙ relu′(S[1])").matches(".*n × 128\\s+backward2"));
        assertTrue(lineWith(t, "∂J/∂W[1] = A[0]ᵀ·δ[1]").matches(".*64 × 128\\s+gradient1"));
        assertTrue(lineWith(t, "∂J/∂W[2] = X[2]ᵀ·δ[2]").matches(".*128 × 10\\s+gradient2"));
        assertTrue(t.contains("λ = 0.0001"), "l2(1e-4)");
        assertTrue(t.contains("V ← 0.9·V + G") && t.contains("θ ← θ − lr·V"), t);
        assertTrue(t.contains("0.05·(1 + cos(π·e/E))/2"), "the cosine schedule with its base rate");
        assertTrue(t.contains("n = rows in a batch while training: 32 (the last batch of an epoch has " + 3823 % 32 + ")"), t);
        long params = 64 * 128 + 128 + 128 * 10 + 10;
        long forward = 64 * 128 + 128 * 10;
        long perSample = forward + 128 * 10 + forward;
        assertTrue(t.contains(String.format("= %,d (%,d trainable)", params, params)), t);
        assertTrue(t.contains(String.format("forward %,d", forward)), t);
        assertTrue(t.contains(String.format("%,d per sample", perSample)), t);
        assertTrue(t.contains(String.format("3,823 rows × %,d = %,d multiply-adds, and %,d optimizer steps", perSample,
                3823 * perSample, (3823 + 31) / 32)), t);
    }

    @Test
    void unfusedLossAdamAndAFrozenLayer() {
        Network net = TestModels.network("""
                model M {
                    input 3
                    dense 4 tanh { trainable = false }
                    dense 5 leaky_relu(alpha = 0.2)
                    dense 2 sigmoid
                    loss mse
                    optimizer adam(lr = 0.01)
                    train { data = "none.csv"  target = [3, 4] }
                }
                """);
        String t = Explain.render(net, "m.nn", -1);
        assertTrue(lineWith(t, "G = ∂J/∂Y = (2/2)·(Y − T) / n").endsWith("lossAndDelta"), t);
        assertTrue(lineWith(t, "δ[3] = G ⊙ sigmoid′(S[3])").contains("n × 2"), t);
        assertTrue(lineWith(t, "δ[2] = (δ[3]·W[3]ᵀ) ⊙ leaky_relu′(S[2])").contains("backward3"), t);
        assertTrue(t.contains("leaky_relu′(s) = 1 if s > 0, else 0.2"), t);
        assertFalse(t.contains("δ[1] ="), "the frozen first layer needs no δ");
        assertFalse(t.contains("∂J/∂W[1]"), "nor a gradient");
        assertTrue(t.contains("M ← 0.9·M + 0.1·G") && t.contains("V ← 0.999·V + 0.001·G²"), t);
        assertTrue(t.contains("+ 1e-8)"), "adam's eps");
        long trainable = 4 * 5 + 5 + 5 * 2 + 2;
        assertTrue(t.contains(String.format("= %d (%d trainable)", 3 * 4 + 4 + trainable, trainable)), t);
        long forward = 3 * 4 + 4 * 5 + 5 * 2;
        assertTrue(t.contains("forward " + forward), t);
        assertTrue(t.contains(String.format("δ %d", 5 * 2)) && t.contains("∂J/∂W " + (4 * 5 + 5 * 2)), t);
    }

    /** Every method explain names is one the generated class declares, for every shipped model. */
    @Test
    void everyNamedMethodExistsInTheGeneratedClass() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("models"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".nn")).sorted().toList()) {
                Network net = TestModels.network(Files.readString(f));
                String text = Explain.render(net, f.toString(), -1);
                String source = Generator.generate(net, new Generator.Options("", true, 0)).toString();
                Set<String> named = new LinkedHashSet<>();
                Matcher m = METHOD.matcher(text);
                while (m.find()) {
                    named.add(m.group(1));
                }
                if (net.anyTrainable()) {
                    assertTrue(named.contains("lossAndDelta"), f.toString());
                }
                for (String name : named) {
                    assertTrue(Pattern.compile("(private|public) \\w+ " + name + "\\(").matcher(source).find(),
                            f + ": explain names " + name + ", which the generated class does not declare");
                }
            }
        }
    }

    @Test
    void aModelWithErrorsIsExitOne() throws Exception {
        Path bad = Files.createTempFile("bad", ".nn");
        Files.writeString(bad, "model B { input 2 dense 1 rleu }");
        Cli c = Cli.run("explain", bad.toString());
        assertEquals(1, c.exit());
        assertTrue(c.err().contains("did you mean 'relu'"), c.err());
        Files.delete(bad);
    }
}
