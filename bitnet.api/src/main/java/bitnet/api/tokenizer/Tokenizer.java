package bitnet.api.tokenizer;

import java.util.OptionalInt;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Turns text into token ids and back. Instances are immutable and thread-safe.
 */
@ProviderType
public interface Tokenizer {

    /** Service property carrying a configured tokenizer's name. */
    String NAME_PROPERTY = "bitnet.tokenizer.name";

    /** @return the vocabulary size, added tokens included */
    int vocabSize();

    /**
     * @param text the input text
     * @param addSpecialTokens whether the post-processor adds its special tokens (BOS, CLS/SEP, ...)
     * @return ids, tokens, offsets and masks
     * @throws TokenizerException if the text cannot be encoded
     */
    Encoding encode(String text, boolean addSpecialTokens);

    /**
     * @param ids token ids
     * @param skipSpecialTokens whether special tokens are left out of the text
     * @return the decoded text
     * @throws TokenizerException if an id is outside the vocabulary
     */
    String decode(int[] ids, boolean skipSpecialTokens);

    /**
     * @param token a token string as it appears in the vocabulary
     * @return its id, if present
     */
    OptionalInt tokenToId(String token);

    /**
     * @param id a token id
     * @return the token string, or null if out of range
     */
    String idToToken(int id);
}
