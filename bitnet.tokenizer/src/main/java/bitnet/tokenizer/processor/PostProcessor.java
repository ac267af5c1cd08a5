package bitnet.tokenizer.processor;

import java.util.List;

/**
 * Adds special tokens and sets type ids once a text (or pair) is tokenized (Hugging Face's post-processors).
 * Immutable and thread-safe.
 */
public interface PostProcessor {

    /**
     * @param pair whether for a pair
     * @return how many tokens {@link #process} adds with special tokens on
     */
    int addedTokens(boolean pair);

    /**
     * @param encodings one or two encodings, type ids already set to their index
     * @param addSpecialTokens whether to add special tokens
     * @return the processed encodings (one if merged)
     */
    List<Parts> process(List<Parts> encodings, boolean addSpecialTokens);
}
