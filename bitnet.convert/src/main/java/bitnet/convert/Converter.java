package bitnet.convert;

import java.lang.foreign.MemorySegment;

/**
 * Runs a plan over a range of a source: reads a tile, scales and rounds it, stores it. The tile is a multiple of
 * four elements so that TERNARY stores of a range starting at a byte boundary always start fresh bytes, which is
 * what makes in-place conversion to TERNARY correct.
 */
final class Converter {
    /** Elements per tile: 8 KiB of doubles, which stays in L1 with its source and target bytes. */
    static final int TILE = 1024;

    private Converter() {
    }

    /**
     * Converts logical elements {@code [from, to)} into target elements {@code [at, at + to - from)} of
     * {@code dst}. In place, every tile is read completely before any of its target bytes is written, and a
     * target element is never larger than a source element, so no unread source byte is overwritten.
     */
    static void run(Plan plan, SourceWalk walk, long from, long to, MemorySegment dst, long at, double[] tile) {
        walk.seek(from);
        for (long i = from; i < to; i += TILE) {
            int n = (int) Math.min(TILE, to - i);
            walk.next(tile, n);
            Encoder.encode(plan, tile, n, i, dst, at + (i - from));
        }
    }
}
