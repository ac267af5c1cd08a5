package bitnet.convert;

/**
 * Counter-based random numbers for stochastic rounding: the draw for element {@code i} is a SplitMix64 hash of
 * {@code (seed, i)}, so it depends on nothing else — not on chunking, tiling, mode or thread.
 */
final class Draws {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Draws() {
    }

    /** @return 64 well-mixed bits for element {@code index} */
    static long bits(long seed, long index) {
        long z = seed + (index + 1) * GOLDEN;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** @return a uniform double in [0, 1) for element {@code index} */
    static double uniform(long seed, long index) {
        return (bits(seed, index) >>> 11) * 0x1.0p-53;
    }
}
