package bitnet.tokenizer.pretokenizer;

import java.util.List;

import bitnet.tokenizer.text.NormalizedString;

/**
 * Cuts normalized text into the words the model sees (Hugging Face's pre-tokenizers). Immutable and thread-safe.
 */
@FunctionalInterface
public interface PreTokenizer {

    /**
     * @param s one piece of text
     * @param out receives its non-empty pieces, in order
     */
    void split(NormalizedString s, List<NormalizedString> out);
}
