package bitnet.api.inference;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives generated tokens and text as they are produced. Called on the generating thread once per generated token
 * (a stop token is not generated text and is not reported), with the text it makes visible, which may be empty: text
 * held back (a possible start of a stop string, an incomplete UTF-8 sequence) arrives with a later call. When the
 * generation ends with text still held back that turned out not to be a stop string, one last call passes token id
 * {@code -1} with that text.
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
