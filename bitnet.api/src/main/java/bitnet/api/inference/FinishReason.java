package bitnet.api.inference;

/** Why a generation ended. */
public enum FinishReason {
    /** A stop token or stop string was produced (not part of the text). */
    STOP,
    /** {@code maxTokens} were generated. */
    LENGTH,
    /** The listener or the caller cancelled it. */
    CANCELLED
}
