package nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import nnc.TestModels;
import nnc.model.Network;
import nnc.train.Net;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The 45 cases of {@code oracle/cases.json}, computed outside this project (float64): every case goes through
 * the real pipeline (parse, check, generate, compile, run) and must match to 1e-10 per array; the reference
 * implementation must match too.
 */
class OracleTest {
    private static final double TOLERANCE = 1e-10;

    private static List<JsonObject> cases() throws Exception {
        try (var in = OracleTest.class.getResourceAsStream("/oracle/cases.json")) {
            assertNotNull(in, "oracle/cases.json is missing from the test resources");
            JsonArray all = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .getAsJsonArray();
            List<JsonObject> list = new ArrayList<>();
            all.forEach(e -> list.add(e.getAsJsonObject()));
            return list;
        }
    }

    @TestFactory
    Stream<DynamicTest> generatedCodeMatchesOracle() throws Exception {
        return run("generated", TestModels::generated);
    }

    @TestFactory
    Stream<DynamicTest> plainGeneratedCodeMatchesOracle() throws Exception {
        return run("generated (plain loops)", TestModels::generatedPlain);
    }

    @TestFactory
    Stream<DynamicTest> readableGeneratedCodeMatchesOracle() throws Exception {
        return run("generated (readable)", TestModels::readable);
    }

    @Test
    void theTestsRunTheVectorKernels() {
        assertTrue(nnc.codegen.VectorLanes.available() > 0, "surefire runs the JVM with the Vector API module and -Dnnc.vector=1");
    }

    @TestFactory
    Stream<DynamicTest> referenceMatchesOracle() throws Exception {
        return run("reference", TestModels::reference);
    }

    private Stream<DynamicTest> run(String kind, BiFunction<Network, Integer, Net> factory) throws Exception {
        List<JsonObject> cases = cases();
        assertEquals(45, cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(kind + " " + c.get("name").getAsString(),
                () -> check(c, factory)));
    }

    private static void check(JsonObject c, BiFunction<Network, Integer, Net> factory) {
        Network network = TestModels.network(c.get("nn").getAsString());
        double[][] x = matrix(c.getAsJsonArray("inputs"));
        double[][] t = matrix(c.getAsJsonArray("targets"));
        int rows = x.length;
        JsonArray start = c.getAsJsonArray("start");
        for (int l = 0; l < start.size(); l++) {
            JsonObject layer = start.get(l).getAsJsonObject();
            var parsed = network.layers().get(l);
            assertArrayExact(matrix(layer.getAsJsonArray("weights")), parsed.weights(), "start weights");
            if (layer.has("bias")) {
                assertArrayExact(new double[][] {vector(layer.getAsJsonArray("bias"))}, new double[][] {parsed.bias()},
                        "start bias");
            }
        }
        Net net = factory.apply(network, rows);
        TestModels.loadStart(network, net);

        double[][] out = new double[rows][network.outputSize()];
        net.predict(x, rows, out);
        assertClose(matrix(c.getAsJsonArray("outputs")), out, "outputs");
        assertScalar(c.get("loss").getAsDouble(), net.loss(x, t, rows), "loss");

        double loss = net.computeGradients(x, t, rows, false);
        assertScalar(c.get("loss").getAsDouble(), loss, "loss from the gradient pass");
        JsonArray grads = c.getAsJsonArray("grads");
        for (int l = 0; l < grads.size(); l++) {
            JsonElement g = grads.get(l);
            if (g.isJsonNull()) {
                assertNull(net.weightGradient(l), "a frozen layer has no gradient");
                continue;
            }
            assertClose(matrix(g.getAsJsonObject().getAsJsonArray("weights")), net.weightGradient(l),
                    "grad weights of layer " + l);
            if (g.getAsJsonObject().has("bias")) {
                assertClose(new double[][] {vector(g.getAsJsonObject().getAsJsonArray("bias"))},
                        new double[][] {net.biasGradient(l)}, "grad bias of layer " + l);
            }
        }

        Net stepped = factory.apply(network, rows);
        TestModels.loadStart(network, stepped);
        JsonArray stepLosses = c.getAsJsonArray("step_losses");
        int steps = c.get("steps").getAsInt();
        for (int s = 0; s < steps; s++) {
            double before = stepped.trainBatch(x, t, rows);
            assertScalar(stepLosses.get(s).getAsDouble(), before, "loss before step " + (s + 1));
        }
        assertScalar(stepLosses.get(steps).getAsDouble(), stepped.loss(x, t, rows), "loss after the steps");
        JsonArray after = c.getAsJsonArray("after_steps");
        for (int l = 0; l < after.size(); l++) {
            JsonObject layer = after.get(l).getAsJsonObject();
            assertClose(matrix(layer.getAsJsonArray("weights")), stepped.weights(l), "weights after steps, layer " + l);
            if (layer.has("bias")) {
                assertClose(new double[][] {vector(layer.getAsJsonArray("bias"))},
                        new double[][] {stepped.bias(l)}, "bias after steps, layer " + l);
            } else {
                assertNull(stepped.bias(l), "layer without bias");
            }
        }
    }

    static double[][] matrix(JsonArray a) {
        double[][] m = new double[a.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = vector(a.get(i).getAsJsonArray());
        }
        return m;
    }

    static double[] vector(JsonArray a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsDouble();
        }
        return v;
    }

    private static void assertArrayExact(double[][] expected, double[][] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertTrue(java.util.Arrays.equals(expected[i], actual[i]), what + " row " + i);
        }
    }

    /** max|actual − expected| ≤ 1e-10 · max|expected| over the array. */
    static void assertClose(double[][] expected, double[][] actual, String what) {
        assertNotNull(actual, what);
        assertEquals(expected.length, actual.length, what + ": rows");
        double maxErr = 0;
        double maxAbs = 0;
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i].length, actual[i].length, what + ": columns");
            for (int j = 0; j < expected[i].length; j++) {
                maxErr = Math.max(maxErr, Math.abs(actual[i][j] - expected[i][j]));
                maxAbs = Math.max(maxAbs, Math.abs(expected[i][j]));
            }
        }
        assertTrue(maxErr <= TOLERANCE * maxAbs, what + ": max error " + maxErr + " vs scale " + maxAbs);
    }

    private static void assertScalar(double expected, double actual, String what) {
        assertTrue(Math.abs(actual - expected) <= TOLERANCE * Math.abs(expected),
                what + ": expected " + expected + " but was " + actual);
    }
}
