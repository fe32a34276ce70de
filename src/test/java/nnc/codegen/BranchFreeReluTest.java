package nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import nnc.TestModels;
import nnc.train.Net;
import org.junit.jupiter.api.Test;

/** relu and leaky relu choose like {@code s > 0 ? v : w}, bit for bit, without a branch; sigmoid is its two-sided formula. */
class BranchFreeReluTest {
    @Test
    void sigmoidIsTheTwoSidedFormulaBitForBit() throws Exception {
        Net net = TestModels.generated(TestModels.network("model S {\n input 1\n dense 1 sigmoid\n loss mse\n"
                + " optimizer sgd\n}\n"), 1);
        Method sigmoid = net.getClass().getDeclaredMethod("sigmoid", double.class);
        sigmoid.setAccessible(true);
        double[] values = {0.0, -0.0, 1.0, -1.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-300, -1e-300, 36.9, -36.9,
            700, -700, 746, -746, Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY};
        for (double s : values) {
            double e = Math.exp(-Math.abs(s));
            double expected = s >= 0 ? 1 / (1 + e) : e / (1 + e);
            assertEquals(Double.doubleToRawLongBits(expected),
                    Double.doubleToRawLongBits((double) sigmoid.invoke(null, s)), "sigmoid(" + s + ")");
        }
        assertEquals(true, Double.isNaN((double) sigmoid.invoke(null, Double.NaN)), "sigmoid(NaN)");
    }

    @Test
    void ifPositiveIsTheTernaryBitForBit() throws Exception {
        Net net = TestModels.generated(TestModels.network("model R {\n input 1\n dense 2 leaky_relu\n dense 1 relu\n"
                + " loss mse\n optimizer sgd\n}\n"), 1);
        Method choose = net.getClass().getDeclaredMethod("ifPositive", double.class, double.class, double.class);
        choose.setAccessible(true);
        double[] values = {0.0, -0.0, 1.0, -1.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
            Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
            Double.longBitsToDouble(0xFFF8000000000000L), 3.5e-300, -2.25e300, 0.1};
        for (double s : values) {
            for (double v : values) {
                double expected = s > 0 ? v : 0.0;
                double actual = (double) choose.invoke(null, s, v, 0.0);   // relu's form
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                        "ifPositive(" + s + ", " + v + ")");
                for (double w : new double[] {-0.0, 0.0, 0.01 * v, Double.NaN, -7.5}) {
                    double either = s > 0 ? v : w;
                    assertEquals(Double.doubleToRawLongBits(either),
                            Double.doubleToRawLongBits((double) choose.invoke(null, s, v, w)),
                            "ifPositive(" + s + ", " + v + ", " + w + ")");
                }
            }
        }
    }
}
