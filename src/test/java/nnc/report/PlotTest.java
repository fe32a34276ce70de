package nnc.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import nnc.train.Trainer;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

/** The curves stay readable: whole-epoch labels that do not crowd, an accuracy axis that reaches 1.0. */
class PlotTest {
    private static List<Trainer.Epoch> history(int epochs) {
        List<Trainer.Epoch> h = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            h.add(new Trainer.Epoch(e, 1.0 / e, 0.5 + 0.43 * e / epochs, Double.NaN, Double.NaN, 0.1, 1));
        }
        return h;
    }

    @Test
    void epochLabelsAreWholeAndFewAndAccuracyIsLabelledToOne() {
        XYChart acc = Plot.chart("M: accuracy", "accuracy", history(80), Trainer.Epoch::accuracy,
                Trainer.Epoch::valAccuracy);
        assertEquals("#", acc.getStyler().getXAxisDecimalPattern());
        assertTrue(acc.getStyler().getXAxisMaxLabelCount() > 0 && acc.getStyler().getXAxisMaxLabelCount() <= 12,
                "at most 12 epoch labels across 640 pixels");
        assertEquals(1.0, acc.getStyler().getYAxisMax(), "accuracy at most 0.93 is still labelled up to 1.0");
        XYChart loss = Plot.chart("M: loss", "loss", history(80), Trainer.Epoch::loss, Trainer.Epoch::valLoss);
        assertEquals(null, loss.getStyler().getYAxisMax(), "the loss axis fits its data");
    }
}
