package bitnet.api.sequence;

/** The padded length {@code L} of a batch. */
public enum PadTo {
    /** The longest sequence in the batch (after truncation). */
    LONGEST,
    /** Exactly {@link SequenceOptions#padLength()}; a longer sequence (after truncation) is an error. */
    FIXED,
    /**
     * Exactly {@link SequenceOptions#maxLength()}, the model's limit that truncation also uses (Hugging Face's
     * {@code padding="max_length"}); a longer sequence without truncation is an error.
     */
    MAX_LENGTH,
    /** The longest sequence rounded up to a multiple of {@link SequenceOptions#multipleOf()}. */
    MULTIPLE_OF
}
