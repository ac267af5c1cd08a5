package bitnet.api.tokenizer;

/** How the padded length of a batch is chosen. */
public enum PaddingStrategy {
    /** Pad every encoding to the longest one in the batch. */
    LONGEST,
    /** Pad every encoding to {@link Padding#length()}; longer encodings are left as they are. */
    FIXED
}
