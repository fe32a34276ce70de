package nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import nnc.model.Activation;
import nnc.model.Loss;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every row of the rule tables in both forms: each Java expression the generator emits is compiled (with Janino,
 * as {@code nnc run} compiles the generated classes) and must compute what the row's function computes, on a grid
 * of ±0, subnormals, large magnitudes, infinities, NaN and the points around the kinks. f′'s expression is compiled
 * with only the variable the row says it reads in scope.
 */
class RuleTableTest {
    private static final double[] S = grid();
    private static final double[] G = {1.0, -2.5, 0.125, -3e-310, 7e290};
    /** G in float: a float subnormal and a large float instead of the doubles'. */
    private static final double[] FLOAT_G = {1.0, -2.5, 0.125, -3e-40f, 7e30f};

    private static double[] grid() {
        List<Double> v = new ArrayList<>();
        for (double x : new double[] {0.0, Double.MIN_VALUE, 2.5e-310, Double.MIN_NORMAL, 1e-300, 1e-16, 1e-8,
            0.001, 0.1, 0.5, 1.0, 1.5, 2.0, 3.0, 10.0, 20.0, 36.9, 40.0, 100.0, 700.0, 709.8, 745.0, 746.0, 1e10,
            1e154, 1e300, Double.MAX_VALUE, Double.POSITIVE_INFINITY}) {
            v.add(x);
            v.add(-x);
            v.add(Math.nextUp(x));
            v.add(Math.nextDown(-x));
        }
        v.add(Double.NaN);
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @TestFactory
    Stream<DynamicTest> activationExpressionsComputeTheirFunctions() {
        return Stream.of(Activation.values()).filter(Activation::elementWise)
                .flatMap(a -> Stream.of(0.01, 0.7, 1.0).map(alpha -> DynamicTest.dynamicTest(
                        a.canonicalName() + " α = " + alpha, () -> checkActivation(a, alpha))));
    }

    private static void checkActivation(Activation act, double alpha) throws Exception {
        checkActivation(act, alpha, NumberType.DOUBLE);
    }

    /**
     * The float form: a float class reads its float elements into doubles, evaluates the same template and rounds
     * once when it stores, so each expression gives its function at the float input, rounded to float, exactly.
     */
    @TestFactory
    Stream<DynamicTest> activationFloatFormsRoundTheirFunctions() {
        return Stream.of(Activation.values()).filter(Activation::elementWise)
                .flatMap(a -> Stream.of(0.01, 0.7).map(alpha -> DynamicTest.dynamicTest(
                        a.canonicalName() + " in float, α = " + alpha,
                        () -> checkActivation(a, alpha, NumberType.FLOAT))));
    }

    /** The row's templates as a class of {@code num} evaluates them, against its functions rounded to num. */
    private static void checkActivation(Activation act, double alpha, NumberType num) throws Exception {
        String x = switch (act.derivativeReads()) {
            case S -> "s";
            case Y -> "y";
            case NOTHING -> "unused";
        };
        TypeSpec.Builder type = TypeSpec.classBuilder("Row").addModifiers(Modifier.PUBLIC)
                .addMethod(fn("f", Formulas.activation(act, alpha), num, Formulas.localType(act, num), "s"))
                .addMethod(fn("gdf", Formulas.derivativeTimesG(act, alpha), num, Formulas.localType(act, num), "g",
                        x));
        Formulas.addHelpers(type, List.of(act), false, num);
        Class<?> row = compile(type);
        Method f = row.getMethod("f", double.class);
        Method gdf = row.getMethod("gdf", double.class, double.class);
        java.util.function.DoubleUnaryOperator round = num.isDouble() ? v -> v : v -> (float) v;
        for (double grid : S) {
            double s = round.applyAsDouble(grid);
            double y = round.applyAsDouble(act.apply(s, alpha));
            assertSame(y, (double) f.invoke(null, s), act.canonicalName() + "(" + s + ") in " + num.name);
            for (double g : num.isDouble() ? G : FLOAT_G) {
                double expected = round.applyAsDouble(g * act.derivative(s, y, alpha));
                double actual = (double) gdf.invoke(null, g, act.derivativeReads() == Activation.Reads.Y ? y : s);
                // ifPositive(s, g, 0) gives +0.0 where g · 0 is −0.0: equal as numbers
                assertTrue(expected == actual || Double.isNaN(expected) && Double.isNaN(actual),
                        act.canonicalName() + ": g·f′ at s = " + s + ", g = " + g + " in " + num.name + ": expected "
                                + expected + " but the expression gives " + actual);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> lossExpressionsComputeTheirFunctions() {
        return Stream.of(Loss.Kind.values()).map(kind -> DynamicTest.dynamicTest(kind.name().toLowerCase(),
                () -> checkLoss(new Loss(kind, 0.5, 3, 0.25))));
    }

    private static void checkLoss(Loss loss) throws Exception {
        String res = loss.impliesClassification() ? "" : "double res = y - tj;\n";
        TypeSpec.Builder type = TypeSpec.classBuilder("Row").addModifiers(Modifier.PUBLIC)
                .addMethod(lossFn("term", res, Formulas.lossTerm(loss, "k")));
        if (!loss.fused()) {
            type.addMethod(lossFn("gradient", res, Formulas.lossGradient(loss, "k")));
        }
        Class<?> row = compile(type);
        double[] ys = {0.0, -0.0, Double.MIN_VALUE, 1e-300, 1e-12, 0.3, 0.5, 0.75, 1.0, 1 - 1e-16, 1.7, -2.0, 1e10,
            -1e200};
        double[] ts = {0.0, 1.0, 0.25, -3.0, 0.5};
        for (int k : new int[] {1, 3}) {
            for (double y : ys) {
                for (double t : ts) {
                    String at = loss.displayName() + " at y = " + y + ", t = " + t + ", k = " + k;
                    assertSame(loss.term(y, t, k), (double) row.getMethod("term", double.class, double.class,
                            int.class).invoke(null, y, t, k), at);
                    if (!loss.fused()) {
                        assertSame(loss.gradient(y, t, k), (double) row.getMethod("gradient", double.class,
                                double.class, int.class).invoke(null, y, t, k), "∂L/∂y of " + at);
                    }
                }
            }
        }
    }

    @Test
    void everyRowHasBothFormsAndItsClosedForm() {
        for (Activation a : Activation.values()) {
            assertNotNull(a.derivativeText(), a.name());
            assertTrue(a.derivativeText().startsWith(a == Activation.SIGMOID ? "σ′" : a.canonicalName() + "′"),
                    a.derivativeText());
            assertEquals(a != Activation.SOFTMAX, a.expression() != null && a.derivativeTimesG() != null, a.name());
        }
        for (Loss.Kind k : Loss.Kind.values()) {
            assertNotNull(k.termExpression(), k.name());
            if (k.fusesWith() != null) {
                assertNull(k.gradientExpression(), "a fused loss's δ is y − t: " + k);
            } else {
                assertNotNull(k.gradientExpression(), k.name());
            }
        }
        assertEquals(Activation.SOFTMAX, Loss.Kind.CROSS_ENTROPY.fusesWith());
        assertEquals(Activation.SIGMOID, Loss.Kind.BINARY_CROSS_ENTROPY.fusesWith());
    }

    /**
     * The template in a method of doubles; for float, as a float class evaluates it: the result rounded to float
     * once (the arguments are floats already).
     */
    /** A method of double parameters that computes {@code expression} in {@code local}, as a layer's loop does. */
    private static MethodSpec fn(String name, String expression, NumberType num, String local, String... params) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(double.class);
        for (String p : params) {
            m.addParameter(double.class, p + "In");
            m.addStatement("$L $L = ($L) $LIn", local, p, local, p);
        }
        return m.addStatement("return $L", num.store(expression)).build();
    }

    private static MethodSpec lossFn(String name, String prelude, String expression) {
        return MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(double.class)
                .addParameter(double.class, "y").addParameter(double.class, "tj").addParameter(int.class, "k")
                .addCode(prelude).addStatement("return $L", expression).build();
    }

    private static Class<?> compile(TypeSpec.Builder type) throws Exception {
        return ClassCompiler.compile(JavaFile.builder("", type.build()).build(), RuleTableTest.class.getClassLoader());
    }

    /** The same double, bit for bit (any NaN equals any NaN). */
    private static void assertSame(double expected, double actual, String what) {
        assertTrue(Double.doubleToLongBits(expected) == Double.doubleToLongBits(actual),
                what + ": expected " + expected + " but the expression gives " + actual);
    }
}
