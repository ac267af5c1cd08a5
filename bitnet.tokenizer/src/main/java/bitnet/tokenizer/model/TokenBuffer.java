package bitnet.tokenizer.model;

import java.util.Arrays;

/** Tokens a model produced for one word: ids and [start, end) offsets in the word's UTF-16 units. Reusable. */
public final class TokenBuffer {
    private int[] ids = new int[32];
    private int[] starts = new int[32];
    private int[] ends = new int[32];
    private int size;

    /** Forgets every token. */
    public void clear() {
        size = 0;
    }

    /**
     * @param id token id
     * @param start start in the word
     * @param end end in the word, exclusive
     */
    public void add(int id, int start, int end) {
        if (size == ids.length) {
            int cap = size * 2;
            ids = Arrays.copyOf(ids, cap);
            starts = Arrays.copyOf(starts, cap);
            ends = Arrays.copyOf(ends, cap);
        }
        ids[size] = id;
        starts[size] = start;
        ends[size] = end;
        size++;
    }

    /** @param n keep only the first {@code n} tokens */
    public void truncate(int n) {
        size = Math.min(size, n);
    }

    /** @return the number of tokens */
    public int size() {
        return size;
    }

    /** @param i token index @return its id */
    public int id(int i) {
        return ids[i];
    }

    /** @param i token index @return its start */
    public int start(int i) {
        return starts[i];
    }

    /** @param i token index @return its end */
    public int end(int i) {
        return ends[i];
    }
}
