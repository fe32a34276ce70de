package nnc.train;

/**
 * Each thread's scratch for the tiles of B that the float kernels of the generated classes copy before they use them
 * (nnc.codegen.Kernels, {@code packTile}): one array per thread, reused at every call, so that a compiled kernel
 * allocates nothing; and the index in it from which its elements start on a 64-byte cache line, so that each vector
 * the kernel loads from the tile is one line rather than the ends of two (2-core Sapphire Rapids, config D in
 * float32, steady epochs of fresh processes, 6 interleaved rounds: 61.8-64.9 ms, median 62.2, against 62.1-70.3,
 * median 66.8, reading B's rows where they lie).
 *
 * <p>Java says nothing of where an array lies, and the JVM aligns arrays to 8 bytes only; the index comes from the
 * array's address as {@code sun.misc.Unsafe} reads it (in the reference's compressed form where the JVM compresses
 * them). That address is a hint only: should it be wrong, or the array move (a garbage collection) before the
 * kernel is done, the loads straddle lines again, with the same results.
 */
public final class Tiles {
    private static final class Tile {
        float[] floats = new float[0];
    }

    private static final ThreadLocal<Tile> TILES = ThreadLocal.withInitial(Tile::new);
    /** Where the arrays lie, or null in a runtime without {@code sun.misc.Unsafe} (module jdk.unsupported). */
    private static final Addresses ADDRESSES = Addresses.load();

    private Tiles() {
    }

    /** This thread's scratch, at least {@code floats} floats long. */
    public static float[] floats(int floats) {
        Tile t = TILES.get();
        if (t.floats.length < floats) {
            t.floats = new float[floats];
        }
        return t.floats;
    }

    /**
     * The first index (below 16) of this thread's scratch whose element starts a 64-byte line, as the array lies
     * now; 0 where that cannot be known.
     */
    public static int alignedFrom() {
        return ADDRESSES == null ? 0 : ADDRESSES.alignedFrom(TILES.get());
    }

    /** Reads a {@link Tile}'s array reference as an address: the only class here that names Unsafe. */
    private static final class Addresses {
        private final sun.misc.Unsafe unsafe;
        /** Where a Tile holds its array's reference. */
        private final long floats;
        private final boolean compressed;
        private final long floatBase;

        private Addresses() throws ReflectiveOperationException {
            java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            unsafe = (sun.misc.Unsafe) f.get(null);
            floats = unsafe.objectFieldOffset(Tile.class.getDeclaredField("floats"));
            compressed = unsafe.arrayIndexScale(Object[].class) == 4;
            floatBase = unsafe.arrayBaseOffset(float[].class);
        }

        static Addresses load() {
            try {
                return new Addresses();
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return null;
            }
        }

        int alignedFrom(Tile t) {
            // a compressed reference is the address / 8 (the JVM's object alignment), plus a base aligned to pages
            long address = compressed ? (unsafe.getInt(t, floats) & 0xFFFF_FFFFL) << 3 : unsafe.getLong(t, floats);
            return (int) (Math.floorMod(-(address + floatBase), 64L) / Float.BYTES);
        }
    }
}
