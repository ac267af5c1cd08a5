package bitnet.tokenizer.normalizer;

import bitnet.tokenizer.text.Chars;
import bitnet.tokenizer.text.NormalizedString;

/** Lowercases code point by code point, without context (no final sigma rule), as Rust's {@code to_lowercase}. */
public final class Lowercase implements Normalizer {

    @Override
    public NormalizedString normalize(NormalizedString s) {
        return Rewrites.map(s, cp -> cp != 0x130 && Character.toLowerCase(cp) == cp ? null : Chars.lowercase(cp));
    }
}
