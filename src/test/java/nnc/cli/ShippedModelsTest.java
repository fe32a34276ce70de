package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Trains every shipped model with its own settings and checks its test figures against floors set a little below
 * real runs (the figures of those runs are in the comments; same file and seed give the same figures). Each model
 * is trained in float32 too: its test accuracy (r2 for regression) must be within 0.5 percentage points (0.005)
 * of the float64 run's, from the same initial weights and batches.
 */
class ShippedModelsTest {
    /** model, metric, floor. */
    private static final Object[][] FLOORS = {
        {"digits", "accuracy", 0.970},          // 0.9716
        {"lecture", "accuracy", 0.940},         // 0.9494
        {"xor_threshold", "accuracy", 1.0},
        {"xor_learned", "accuracy", 1.0},
        {"logic_by_hand", "accuracy", 1.0},
        {"or_by_hand", "accuracy", 1.0},
        {"not_by_hand", "accuracy", 1.0},
        {"iris", "accuracy", 0.90},             // 0.9333
        {"wine", "accuracy", 0.95},             // 0.9811
        {"breast_cancer", "accuracy", 0.95},    // 1.0
        {"diabetes", "r2", 0.40},               // 0.4415
        {"linnerud", "r2", -0.10},              // -0.0709: scikit-learn's LinearRegression fit in-sample is 0.30
    };

    @TestFactory
    Stream<DynamicTest> shippedModelsReachTheirFloors() {
        return Stream.of(FLOORS).map(f -> DynamicTest.dynamicTest(f[0] + " " + f[1] + " ≥ " + f[2], () -> {
            Cli c = Cli.run("run", "models/" + f[0] + ".nn", "--json");
            assertEquals(0, c.exit(), c.err());
            double value = c.json().getAsJsonObject("test").get((String) f[1]).getAsDouble();
            assertTrue(value >= (Double) f[2], f[0] + ": " + f[1] + " " + value + " is below " + f[2]);
            Cli single = Cli.run("run", "models/" + f[0] + ".nn", "--json", "--precision", "float32");
            assertEquals(0, single.exit(), single.err());
            assertEquals("float32", single.json().get("precision").getAsString());
            double inFloat = single.json().getAsJsonObject("test").get((String) f[1]).getAsDouble();
            assertTrue(Math.abs(inFloat - value) <= 0.005, f[0] + ": " + f[1] + " in float32 " + inFloat
                    + ", in float64 " + value);
        }));
    }
}
