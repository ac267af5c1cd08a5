package bitnet.tokenizer.text;

import java.util.Arrays;

/**
 * The pieces a pattern cuts a text into, covering it end to end: each piece is a match or the gap between two.
 * A growable list of int triples, reused by the caller to keep splitting free of per-piece objects.
 */
public final class Matches {
    private int[] data = new int[48];
    private int size;

    /** Forgets every piece. */
    public void clear() {
        size = 0;
    }

    /**
     * @param start piece start
     * @param end piece end
     * @param match whether the pattern matched it
     */
    public void add(int start, int end, boolean match) {
        if (size * 3 + 3 > data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[size * 3] = start;
        data[size * 3 + 1] = end;
        data[size * 3 + 2] = match ? 1 : 0;
        size++;
    }

    /** @return the number of pieces */
    public int size() {
        return size;
    }

    /** @param i piece index @return its start */
    public int start(int i) {
        return data[i * 3];
    }

    /** @param i piece index @return its end */
    public int end(int i) {
        return data[i * 3 + 1];
    }

    /** @param i piece index @return whether it is a match */
    public boolean isMatch(int i) {
        return data[i * 3 + 2] != 0;
    }

    void set(int i, int start, int end, boolean match) {
        data[i * 3] = start;
        data[i * 3 + 1] = end;
        data[i * 3 + 2] = match ? 1 : 0;
    }

    /** Flips every piece between match and gap. */
    public void invert() {
        for (int i = 0; i < size; i++) {
            data[i * 3 + 2] ^= 1;
        }
    }

    /**
     * Adds the gaps around matches the caller found, given as [start, end) pairs in order.
     *
     * @param length the text length
     * @param bounds match starts and ends, interleaved
     * @param count the number of matches
     */
    public void fromMatches(int length, int[] bounds, int count) {
        clear();
        if (length == 0) {
            add(0, 0, false);
            return;
        }
        int prev = 0;
        for (int i = 0; i < count; i++) {
            int s = bounds[2 * i];
            int e = bounds[2 * i + 1];
            if (prev != s) {
                add(prev, s, false);
            }
            add(s, e, true);
            prev = e;
        }
        if (prev != length) {
            add(prev, length, false);
        }
    }
}
