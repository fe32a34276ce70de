package nnc.train;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TilesTest {
    @Test
    void eachThreadKeepsOneScratchThatGrowsOnDemand() throws InterruptedException {
        float[] first = Tiles.floats(100);
        assertTrue(first.length >= 100);
        assertSame(first, Tiles.floats(50), "a smaller request reuses the array (a compiled kernel allocates nothing)");
        float[] grown = Tiles.floats(first.length + 1);
        assertTrue(grown.length > first.length);
        assertSame(grown, Tiles.floats(10));
        AtomicReference<float[]> other = new AtomicReference<>();
        Thread t = new Thread(() -> other.set(Tiles.floats(10)));
        t.start();
        t.join();
        assertNotSame(grown, other.get(), "kernels on two threads never share a tile");
    }

    @Test
    void theAlignedIndexLeavesAWholeVectorOfSlack() {
        Tiles.floats(4096 + 16);
        int from = Tiles.alignedFrom();
        assertTrue(from >= 0 && from < 16, "index " + from);
    }
}
