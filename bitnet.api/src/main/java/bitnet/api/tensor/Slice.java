package bitnet.api.tensor;

/**
 * One axis of a slicing expression, NumPy style. Negative indices count from the end of the axis.
 */
public sealed interface Slice {

    /** The whole axis ({@code :}). */
    record Full() implements Slice {
    }

    /**
     * A single index; the axis is removed from the result ({@code i}).
     *
     * @param index the index, negative counts from the end
     */
    record Index(long index) implements Slice {
    }

    /**
     * A range {@code start:stop:step}; {@code step} may be negative but not zero. Out-of-range bounds are
     * clipped as in NumPy.
     *
     * @param start first index (inclusive), or {@code null} for the natural start
     * @param stop last index (exclusive), or {@code null} for the natural end
     * @param step stride between selected elements, not zero
     */
    record Range(Long start, Long stop, long step) implements Slice {
        /** @throws IllegalArgumentException if {@code step} is zero */
        public Range {
            if (step == 0) {
                throw new IllegalArgumentException("slice step must not be zero");
            }
        }
    }

    /** @return {@code :} */
    static Slice all() {
        return new Full();
    }

    /**
     * @param index the index
     * @return {@code index}
     */
    static Slice at(long index) {
        return new Index(index);
    }

    /**
     * @param start inclusive start
     * @param stop exclusive stop
     * @return {@code start:stop}
     */
    static Slice range(long start, long stop) {
        return new Range(start, stop, 1);
    }

    /**
     * @param start inclusive start, or null
     * @param stop exclusive stop, or null
     * @param step step, not zero
     * @return {@code start:stop:step}
     */
    static Slice range(Long start, Long stop, long step) {
        return new Range(start, stop, step);
    }
}
