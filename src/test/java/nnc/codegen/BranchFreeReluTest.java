package nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import nnc.TestModels;
import nnc.runtime.Net;
import org.junit.jupiter.api.Test;

/** The generated relu is {@code s > 0 ? v : 0.0} bit for bit, written without a branch. */
class BranchFreeReluTest {
    @Test
    void ifPositiveIsTheTernaryBitForBit() throws Exception {
        Net net = TestModels.generated(TestModels.network("model R {\n input 1\n dense 1 relu\n loss mse\n"
                + " optimizer sgd\n}\n"), 1);
        Method ifPositive = net.getClass().getDeclaredMethod("ifPositive", double.class, double.class);
        ifPositive.setAccessible(true);
        double[] values = {0.0, -0.0, 1.0, -1.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
            Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
            Double.longBitsToDouble(0xFFF8000000000000L), 3.5e-300, -2.25e300, 0.1};
        for (double s : values) {
            for (double v : values) {
                double expected = s > 0 ? v : 0.0;
                double actual = (double) ifPositive.invoke(null, s, v);
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                        "ifPositive(" + s + ", " + v + ")");
            }
        }
    }
}
