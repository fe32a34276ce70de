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

    /**
     * The barrier between the stages of a step: no part passes a stage before every part has finished the one
     * before; a part that fails before a barrier does not leave the others waiting at it (the first failure reaches
     * the caller), and the crew works on afterwards.
     */
    @Test
    @Timeout(60)
    void partsWaitForEachOtherAtTheBarrierAndAFailureReleasesThem() {
        try (Crew crew = new Crew(3)) {
            int[] stage = new int[3];
            for (int step = 0; step < 500; step++) {
                crew.run(3, i -> {
                    for (int s = 0; s < 4; s++) {
                        stage[i] = s;
                        crew.await();
                        for (int other = 0; other < 3; other++) {
                            if (stage[other] < s) {
                                throw new AssertionError("part " + other + " is behind stage " + s);
                            }
                        }
                        crew.await();
                    }
                    return 0;
                });
            }
            IllegalStateException boom = new IllegalStateException("boom");
            for (int failing = 0; failing < 3; failing++) {
                int f = failing;
                assertSame(boom, assertThrows(IllegalStateException.class, () -> crew.run(3, i -> {
                    if (i == f) {
                        throw boom;
                    }
                    crew.await();
                    return 0;
                })), "part " + failing + " failing");
            }
            assertEquals(6.0, crew.run(3, i -> {
                crew.await();
                return 1.0 + i;
            }), "the crew still works after a failure");
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
