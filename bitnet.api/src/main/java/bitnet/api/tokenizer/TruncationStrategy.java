package bitnet.api.tokenizer;

/** Which sequence of a pair loses tokens when the pair is longer than the maximum (Hugging Face semantics). */
public enum TruncationStrategy {
    /** Shorten the longer sequence first; when both are too long each keeps about half. */
    LONGEST_FIRST,
    /** Only the first sequence is shortened; it fails if that cannot make the pair fit. */
    ONLY_FIRST,
    /** Only the second sequence is shortened; it fails for single texts or if that cannot make the pair fit. */
    ONLY_SECOND
}
