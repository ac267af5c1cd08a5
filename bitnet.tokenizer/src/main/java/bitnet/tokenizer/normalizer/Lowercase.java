package bitnet.tokenizer.normalizer;

import bitnet.tokenizer.text.Chars;
import bitnet.tokenizer.text.NormalizedString;

/** Lowercases code point by code point, without context (no final sigma rule), as Rust's {@code to_lowercase}. */
public final class Lowercase implements Normalizer {

    @Override
    public NormalizedString normalize(NormalizedString s) {
        return Rewrites.map(s, cp -> {
            String l = Chars.lowercase(cp);
            return l.length() == Character.charCount(cp) && l.codePointAt(0) == cp ? null : l;
        });
    }
}
