package bitnet.api.sequence;

/**
 * How a sequence longer than {@link SequenceOptions#maxLength()} is shortened. Sequences within the limit are
 * never changed.
 */
public enum TruncationMode {
    /** No truncation; a sequence over a fixed padded length is an error. */
    NONE,
    /** Drop tokens from the start. */
    LEFT,
    /** Drop tokens from the end. */
    RIGHT,
    /**
     * For pairs: drop tokens from the end of whichever part is longer, one at a time, until the pair fits (ties
     * shorten the second part). A single sequence is shortened as {@link #RIGHT}.
     */
    LONGEST_FIRST,
    /**
     * Keep the special tokens at both ends (for {@code Encoding}s the leading and trailing runs of
     * {@code specialTokensMask}; for id arrays {@link SequenceOptions#specialsStart()} and
     * {@link SequenceOptions#specialsEnd()}), and drop tokens from the end of the body between them.
     */
    CONDITIONAL
}
