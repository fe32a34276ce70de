package nnc.report.html;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SvgTest {
    @Test
    void numbersAreShortAndExact() {
        assertEquals("3", Svg.num(3.001));
        assertEquals("2.5", Svg.num(2.5));
        assertEquals("-0.13", Svg.num(-0.126));
        assertEquals("0", Svg.num(-0.001));
        assertThrows(IllegalArgumentException.class, () -> Svg.num(Double.NaN));
    }

    @Test
    void textAndAttributesAreEscaped() {
        String s = new Svg(10, 10, "a \"b\" <c>").text(1, 2, "x < y & z", "middle", 9)
                .rect(0, 0, 1, 1, "#fff", "</title><script>").render();
        assertTrue(s.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), s);
        assertTrue(s.contains("aria-label=\"a &quot;b&quot; &lt;c&gt;\""), s);
        assertTrue(s.contains(">x &lt; y &amp; z</text>"), s);
        assertTrue(s.contains("text-anchor=\"middle\""), s);
        assertFalse(s.contains("<script>"), s);
    }

    @Test
    void aNaNBreaksAPolylineIntoTwo() {
        String s = new Svg(10, 10, "t").polyline(new double[] {0, 1, 2, 3, 4}, new double[] {0, 1, Double.NaN, 3, 4},
                "#000", "series-a").render();
        assertEquals(2, s.split("<polyline", -1).length - 1, s);
        assertTrue(s.contains("points=\"0,0 1,1\""), s);
        assertTrue(s.contains("points=\"3,3 4,4\""), s);
    }

    @Test
    void ticksAreRoundAndCoverTheRange() {
        assertArrayEquals(new double[] {0, 0.1, 0.2, 0.3, 0.4, 0.5}, Charts.ticks(0.01, 0.47), 1e-12);
        assertArrayEquals(new double[] {0, 10, 20, 30, 40}, Charts.ticks(1, 40), 1e-12);
        assertArrayEquals(new double[] {0.01, 0.1, 1}, Charts.logTicks(0.02, 0.9), 1e-15);
        double[] flat = Charts.ticks(5, 5);
        assertTrue(flat[0] <= 5 && flat[flat.length - 1] >= 5 && flat.length >= 2);
        assertEquals("0.05", Charts.label(0.05));
        assertEquals("1e-04", Charts.label(1e-4));
    }

    @Test
    void coloursRunFromWhiteToFull() {
        assertEquals("#ffffff", Charts.heat(0));
        assertEquals("#08306b", Charts.heat(1));
        assertEquals("#ffffff", Charts.gray(0, 0, 16));
        assertEquals("#000000", Charts.gray(16, 0, 16));
        assertEquals("#ff0000", Charts.diverging(1));
        assertEquals("#0000ff", Charts.diverging(-1));
    }

    @Test
    void anImageHasOneCellPerValue() {
        String s = Charts.image(new double[] {0, 4, 8, 16, 0, 0}, 2, 3, 5, false, 0, 16, "3 → 5 (0.91)");
        assertEquals(6, s.split("<rect", -1).length - 1);
        assertTrue(s.contains("fill=\"#000000\"") && s.contains("3 → 5 (0.91)"), s);
    }

    @Test
    void smallLayersAreDrawnUnitByUnitWideOnesAsABlock() {
        var net = nnc.TestModels.network("model M { input 3 dense 200 relu dense 2 softmax loss cross_entropy "
                + "optimizer sgd }");
        String s = Charts.network(net);
        assertEquals(3 + 2, s.split("<circle", -1).length - 1, "3 input units and 2 output units");
        assertTrue(s.contains("<title>200 units</title>"), s);
        assertTrue(s.contains("200 relu") && s.contains("800 parameters"), s);
    }

    @Test
    void precisionRecallAndF1FromTheConfusionMatrix() {
        int[][] c = {{8, 2}, {4, 6}};
        double[] zero = HtmlReport.precisionRecallF1(c, 0);
        assertArrayEquals(new double[] {8.0 / 12, 8.0 / 10, 2 * (8.0 / 12) * 0.8 / (8.0 / 12 + 0.8)}, zero, 1e-12);
        double[] one = HtmlReport.precisionRecallF1(c, 1);
        assertEquals(6.0 / 8, one[0], 1e-12);
        assertEquals(6.0 / 10, one[1], 1e-12);
        assertTrue(Double.isNaN(HtmlReport.precisionRecallF1(new int[][] {{3, 0}, {0, 0}}, 1)[0]));
    }

    @Test
    void linesSkipWhatALogScaleCannotShow() {
        String s = Charts.lines("g", "epoch", "norm", List.of(new Charts.Series("dense1", new double[] {1, 2, 3},
                new double[] {0.5, 0, 0.05})), true);
        assertEquals(2, s.split("<polyline", -1).length - 1, "the zero breaks the curve");
        assertTrue(s.contains("class=\"series-dense1\""));
    }
}
