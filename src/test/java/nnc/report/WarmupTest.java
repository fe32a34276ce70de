package nnc.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import nnc.train.Trainer;
import org.junit.jupiter.api.Test;

class WarmupTest {
    private static Trainer.Result result(double trainMs, double... epochMs) {
        List<Trainer.Epoch> h = new ArrayList<>();
        for (int i = 0; i < epochMs.length; i++) {
            h.add(new Trainer.Epoch(i + 1, 1, 1, Double.NaN, Double.NaN, 0.1, epochMs[i]));
        }
        return new Trainer.Result(h, h.size(), null, trainMs);
    }

    @Test
    void warmUpIsTheTimeBeyondTheMedianOfTheLaterHalf() {
        // later half: 12, 10, 11 -> median 11; 6 epochs at 11 ms = 66 of 300 ms
        assertEquals(300 - 66, JsonReport.warmupMs(result(300, 200, 40, 30, 12, 10, 11)), 1e-9);
        // even count: later half 9, 13 -> median 11
        assertEquals(100 - 44, JsonReport.warmupMs(result(100, 50, 30, 9, 13)), 1e-9);
    }

    @Test
    void steadyTrainingHasNoWarmUpAndNeverANegativeOne() {
        assertEquals(0, JsonReport.warmupMs(result(30, 10, 10, 10)), 1e-9);
        assertEquals(0, JsonReport.warmupMs(result(20, 5, 10, 10)), 1e-9);
        assertEquals(0, JsonReport.warmupMs(result(0)), 1e-9);
    }
}
