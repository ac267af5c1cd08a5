package bitnet.tokenizer.normalizer;

import java.text.Normalizer.Form;

import bitnet.tokenizer.text.Chars;
import bitnet.tokenizer.text.NormalizedString;

/**
 * BERT's normalizer: drop control characters and map white space to a space, put spaces around CJK ideographs,
 * strip accents (NFD, then drop non-spacing marks), lowercase.
 */
public final class BertNormalizer implements Normalizer {
    private final boolean cleanText;
    private final boolean chineseChars;
    private final boolean stripAccents;
    private final boolean lowercase;
    private final Lowercase lower = new Lowercase();

    /**
     * @param cleanText remove controls and normalize white space
     * @param chineseChars isolate CJK ideographs with spaces
     * @param stripAccents remove accents
     * @param lowercase lowercase the text
     */
    public BertNormalizer(boolean cleanText, boolean chineseChars, boolean stripAccents, boolean lowercase) {
        this.cleanText = cleanText;
        this.chineseChars = chineseChars;
        this.stripAccents = stripAccents;
        this.lowercase = lowercase;
    }

    @Override
    public NormalizedString normalize(NormalizedString s) {
        NormalizedString r = s;
        if (cleanText) {
            r = Rewrites.filter(r, cp -> !(cp == 0 || cp == 0xFFFD || isControl(cp)));
            r = Rewrites.map(r, cp -> cp != ' ' && isBertWhitespace(cp) ? " " : null);
        }
        if (chineseChars) {
            r = Rewrites.map(r, cp -> Chars.isChineseChar(cp) ? " " + Character.toString(cp) + " " : null);
        }
        if (stripAccents) {
            r = UnicodeNormalizer.apply(r, Form.NFD);
            r = Rewrites.filter(r, cp -> !LegacyMarks.isNonSpacingMark(cp));
        }
        if (lowercase) {
            r = lower.normalize(r);
        }
        return r;
    }

    private static boolean isBertWhitespace(int cp) {
        return cp == '\t' || cp == '\n' || cp == '\r' || Chars.isWhiteSpace(cp);
    }

    private static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        return Chars.isOther(cp);
    }
}
