package bitnet.api.tokenizer;

import java.util.List;
import java.util.OptionalInt;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Turns text into token ids and back. Instances are immutable and thread-safe.
 *
 * <p>Texts are Java strings; an unpaired surrogate is encoded as U+FFFD, as a UTF-8 based implementation receives
 * it. Offsets are UTF-16 indices into the text given.
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
     * Encodes two texts as one sequence pair (the post-processor's pair template: {@code [CLS] A [SEP] B [SEP]}, ...).
     *
     * @param first the first text
     * @param second the second text
     * @param addSpecialTokens whether the post-processor adds its special tokens
     * @return the merged encoding; type ids tell the sequences apart
     * @throws TokenizerException if a text cannot be encoded
     */
    Encoding encodePair(String first, String second, boolean addSpecialTokens);

    /**
     * Encodes texts one by one, then truncates and pads them as the options say.
     *
     * @param texts the texts, none null
     * @param options special tokens, truncation, padding
     * @return one encoding per text, in order
     * @throws TokenizerException if a text cannot be encoded or cannot be truncated as asked
     */
    List<Encoding> encodeBatch(List<String> texts, BatchOptions options);

    /**
     * Encodes pairs of texts, then truncates and pads them as the options say.
     *
     * @param pairs the pairs
     * @param options special tokens, truncation (its strategy picks the sequence that loses tokens), padding
     * @return one encoding per pair, in order
     * @throws TokenizerException if a text cannot be encoded or a pair cannot be truncated as asked
     */
    List<Encoding> encodePairBatch(List<TextPair> pairs, BatchOptions options);

    /**
     * @param ids token ids
     * @param skipSpecialTokens whether special tokens are left out of the text
     * @return the decoded text
     * @throws TokenizerException if an id is outside the vocabulary
     */
    String decode(int[] ids, boolean skipSpecialTokens);

    /**
     * @param batch lists of token ids
     * @param skipSpecialTokens whether special tokens are left out of the texts
     * @return one decoded text per list
     * @throws TokenizerException if an id is outside the vocabulary
     */
    List<String> decodeBatch(List<int[]> batch, boolean skipSpecialTokens);

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
