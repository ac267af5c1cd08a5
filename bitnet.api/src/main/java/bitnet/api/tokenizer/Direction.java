package bitnet.api.tokenizer;

/** The side of a sequence that padding is added to or truncation removes from. */
public enum Direction {
    /** The start of the sequence. */
    LEFT,
    /** The end of the sequence. */
    RIGHT
}
