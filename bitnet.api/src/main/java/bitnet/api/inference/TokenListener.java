package bitnet.api.inference;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives generated text as it is produced. Called on the generating thread, once per token that extends the
 * visible text; text held back (a possible stop string, an incomplete UTF-8 sequence) arrives with a later call.
 */
@ConsumerType
@FunctionalInterface
public interface TokenListener {
    /** Ignores everything. */
    TokenListener NONE = (id, text) -> true;

    /**
     * @param tokenId the token just generated
     * @param text the text it adds, possibly empty
     * @return true to go on, false to cancel the generation (it ends with {@link FinishReason#CANCELLED})
     */
    boolean onToken(int tokenId, String text);
}
