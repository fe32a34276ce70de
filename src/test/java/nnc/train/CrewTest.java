package nnc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CrewTest {
    @Test
    void runsEveryPartOnceAndSumsTheResultsInPartOrder() {
        try (Crew crew = new Crew(3)) {
            for (int step = 0; step < 5_000; step++) {
                int s = step;
                double[] seen = new double[3];
                double sum = crew.run(3, i -> {
                    seen[i] += 1;
                    return i == 0 ? 0.1 : i == 1 ? 0.2 * s : 0.3;
                });
                assertEquals(0.1 + 0.2 * s + 0.3, sum, "step " + step);
                assertEquals(3, seen[0] + seen[1] + seen[2]);
            }
        }
    }

    /** With more threads than processors nobody spins; the guard only catches a crew that stops making progress. */
    @Test
    @Timeout(60)
    void moreThreadsThanProcessorsStillWork() {
        int threads = Runtime.getRuntime().availableProcessors() + 2;
        try (Crew crew = new Crew(threads)) {
            for (int step = 0; step < 2_000; step++) {
                assertEquals(threads, crew.run(threads, i -> 1.0));
            }
        }
    }

    @Test
    void aFailureInAHelperReachesTheCaller() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        try (Crew crew = new Crew(2)) {
            assertSame(boom, assertThrows(IllegalArgumentException.class, () -> crew.run(2, i -> {
                if (i == 1) {
                    throw boom;
                }
                return 0;
            })));
            assertEquals(3.0, crew.run(2, i -> 1.0 + i), "the crew still works after a failure");
        }
    }
}
