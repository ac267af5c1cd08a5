package bitnet.tokenizer.pretokenizer;

import java.util.List;

import bitnet.tokenizer.text.Matches;
import bitnet.tokenizer.text.NormalizedString;
import bitnet.tokenizer.text.SplitBehavior;
import bitnet.tokenizer.text.TextPattern;

/**
 * Splits on a pattern with a behaviour: the Split pre-tokenizer, and the building block of the others (Whitespace,
 * WhitespaceSplit, Punctuation, Digits, CharDelimiterSplit).
 */
public final class PatternSplit implements PreTokenizer {
    private final TextPattern pattern;
    private final SplitBehavior behavior;
    private final boolean invert;

    /**
     * @param pattern what to split on
     * @param behavior what becomes of the matches
     * @param invert whether the pattern marks what to keep rather than what to split on
     */
    public PatternSplit(TextPattern pattern, SplitBehavior behavior, boolean invert) {
        this.pattern = pattern;
        this.behavior = behavior;
        this.invert = invert;
    }

    /** @return Hugging Face's Whitespace: runs of word characters and runs of other non-space characters */
    public static PatternSplit whitespace() {
        return new PatternSplit(TextPattern.regex("\\w+|[^\\w\\s]+"), SplitBehavior.REMOVED, true);
    }

    /** @return Hugging Face's WhitespaceSplit: split on white space, dropping it */
    public static PatternSplit whitespaceSplit() {
        return new PatternSplit(TextPattern.codePoints(bitnet.tokenizer.text.Chars::isWhiteSpace),
                SplitBehavior.REMOVED, false);
    }

    @Override
    public void split(NormalizedString s, List<NormalizedString> out) {
        Matches m = new Matches();
        pattern.find(s.text(), m);
        if (invert) {
            m.invert();
        }
        behavior.apply(s, m, out);
    }
}
