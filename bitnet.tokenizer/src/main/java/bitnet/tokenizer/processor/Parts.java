package bitnet.tokenizer.processor;

import java.util.Arrays;
import java.util.List;

import bitnet.api.tokenizer.Direction;
import bitnet.api.tokenizer.Encoding;

/** An encoding being built: growable columns, turned into an immutable {@link Encoding} at the end. */
public final class Parts {
    int[] ids;
    String[] tokens;
    int[] typeIds;
    int[] starts;
    int[] ends;
    int[] special;
    int[] attention;
    int size;

    /** @param capacity initial capacity */
    public Parts(int capacity) {
        int c = Math.max(4, capacity);
        ids = new int[c];
        tokens = new String[c];
        typeIds = new int[c];
        starts = new int[c];
        ends = new int[c];
        special = new int[c];
        attention = new int[c];
    }

    /**
     * Appends a token.
     *
     * @param id id
     * @param token token string
     * @param typeId type id
     * @param start original start
     * @param end original end
     * @param isSpecial 1 if added by the post-processor or padding
     * @param attend 1 for a real token, 0 for padding
     */
    public void add(int id, String token, int typeId, int start, int end, int isSpecial, int attend) {
        if (size == ids.length) {
            grow(size * 2);
        }
        ids[size] = id;
        tokens[size] = token;
        typeIds[size] = typeId;
        starts[size] = start;
        ends[size] = end;
        special[size] = isSpecial;
        attention[size] = attend;
        size++;
    }

    private void grow(int cap) {
        ids = Arrays.copyOf(ids, cap);
        tokens = Arrays.copyOf(tokens, cap);
        typeIds = Arrays.copyOf(typeIds, cap);
        starts = Arrays.copyOf(starts, cap);
        ends = Arrays.copyOf(ends, cap);
        special = Arrays.copyOf(special, cap);
        attention = Arrays.copyOf(attention, cap);
    }

    /** @return the number of tokens */
    public int size() {
        return size;
    }

    /** @param i index @return the token string */
    public String token(int i) {
        return tokens[i];
    }

    /** @param i index @return the original start */
    public int start(int i) {
        return starts[i];
    }

    /** @param i index @return the original end */
    public int end(int i) {
        return ends[i];
    }

    /** @param i index @param start new start @param end new end */
    public void setOffsets(int i, int start, int end) {
        starts[i] = start;
        ends[i] = end;
    }

    /** @param typeId the type id every token gets */
    public void setTypeIds(int typeId) {
        Arrays.fill(typeIds, 0, size, typeId);
    }

    /** @param other tokens appended after these */
    public void append(Parts other) {
        if (size + other.size > ids.length) {
            grow(Math.max(size + other.size, ids.length * 2));
        }
        System.arraycopy(other.ids, 0, ids, size, other.size);
        System.arraycopy(other.tokens, 0, tokens, size, other.size);
        System.arraycopy(other.typeIds, 0, typeIds, size, other.size);
        System.arraycopy(other.starts, 0, starts, size, other.size);
        System.arraycopy(other.ends, 0, ends, size, other.size);
        System.arraycopy(other.special, 0, special, size, other.size);
        System.arraycopy(other.attention, 0, attention, size, other.size);
        size += other.size;
    }

    /**
     * @param list encodings
     * @return them concatenated
     */
    public static Parts concat(List<Parts> list) {
        int n = 0;
        for (Parts p : list) {
            n += p.size;
        }
        Parts r = new Parts(n);
        for (Parts p : list) {
            r.append(p);
        }
        return r;
    }

    /**
     * Keeps {@code max} tokens, dropping the rest from one side.
     *
     * @param max tokens to keep
     * @param direction side to drop from
     */
    public void truncate(int max, Direction direction) {
        if (size <= max) {
            return;
        }
        if (direction == Direction.LEFT) {
            int from = size - max;
            System.arraycopy(ids, from, ids, 0, max);
            System.arraycopy(tokens, from, tokens, 0, max);
            System.arraycopy(typeIds, from, typeIds, 0, max);
            System.arraycopy(starts, from, starts, 0, max);
            System.arraycopy(ends, from, ends, 0, max);
            System.arraycopy(special, from, special, 0, max);
            System.arraycopy(attention, from, attention, 0, max);
        }
        size = max;
    }

    /**
     * Pads to a length with padding tokens (attention 0, special 1, offsets 0).
     *
     * @param target the length; nothing happens if already that long
     * @param direction side to pad
     * @param padId padding id
     * @param padTypeId padding type id
     * @param padToken padding token
     */
    public void pad(int target, Direction direction, int padId, int padTypeId, String padToken) {
        if (size >= target) {
            return;
        }
        int add = target - size;
        if (direction == Direction.RIGHT) {
            for (int i = 0; i < add; i++) {
                add(padId, padToken, padTypeId, 0, 0, 1, 0);
            }
            return;
        }
        Parts r = new Parts(target);
        for (int i = 0; i < add; i++) {
            r.add(padId, padToken, padTypeId, 0, 0, 1, 0);
        }
        r.append(this);
        ids = r.ids;
        tokens = r.tokens;
        typeIds = r.typeIds;
        starts = r.starts;
        ends = r.ends;
        special = r.special;
        attention = r.attention;
        size = r.size;
    }

    /** @return the immutable encoding */
    public Encoding toEncoding() {
        return new Encoding(Arrays.copyOf(ids, size), Arrays.copyOf(tokens, size), Arrays.copyOf(typeIds, size),
                Arrays.copyOf(starts, size), Arrays.copyOf(ends, size), Arrays.copyOf(special, size),
                Arrays.copyOf(attention, size));
    }
}
