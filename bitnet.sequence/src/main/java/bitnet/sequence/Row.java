package bitnet.sequence;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One row to write: up to two source arrays seen as one sequence of {@code first.length + second.length} tokens,
 * and the windows of it that survive truncation. Tokens are copied once, from the arrays into the batch tensor.
 *
 * @param first token ids (shared, not copied)
 * @param second ids of a pair's second part, or an empty array
 * @param windows kept ranges of the concatenation, see {@link Windows}
 * @param length kept tokens
 * @param dropped tokens removed
 */
record Row(int[] first, int[] second, int[] windows, int length, int dropped) {
    private static final int[] NONE = {};

    static Row of(int[] ids, int[] windows) {
        int kept = Windows.kept(windows);
        return new Row(ids, NONE, windows, kept, ids.length - kept);
    }

    /** Copies the kept tokens to consecutive ints of {@code dst} from element {@code at}. */
    void copyTo(MemorySegment dst, long at) {
        long put = at;
        for (int w = 0; w < windows.length; w += 2) {
            put += copyRange(windows[w], windows[w + 1], dst, put);
        }
    }

    private int copyRange(int from, int to, MemorySegment dst, long at) {
        int split = first.length;
        int n = 0;
        if (from < Math.min(to, split)) {
            n = Math.min(to, split) - from;
            MemorySegment.copy(first, from, dst, ValueLayout.JAVA_INT_UNALIGNED, at * 4, n);
        }
        int s = Math.max(from, split);
        if (s < to) {
            MemorySegment.copy(second, s - split, dst, ValueLayout.JAVA_INT_UNALIGNED, (at + n) * 4, to - s);
            n += to - s;
        }
        return n;
    }
}
