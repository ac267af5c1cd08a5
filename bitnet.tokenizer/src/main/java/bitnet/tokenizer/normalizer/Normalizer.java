package bitnet.tokenizer.normalizer;

import bitnet.tokenizer.text.NormalizedString;

/** One step of normalization (Hugging Face's normalizers). Implementations are immutable and thread-safe. */
@FunctionalInterface
public interface Normalizer {

    /**
     * @param s the text so far
     * @return the normalized text, aligned to the original
     */
    NormalizedString normalize(NormalizedString s);
}
