package bitnet.tokenizer.normalizer;

import bitnet.tokenizer.text.Chars;
import bitnet.tokenizer.text.NormalizedString;

/** Removes combining marks; meant to follow NFD or NFKD. */
public final class StripAccents implements Normalizer {

    @Override
    public NormalizedString normalize(NormalizedString s) {
        return Rewrites.filter(s, cp -> !Chars.isMark(cp));
    }
}
