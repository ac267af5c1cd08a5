package bitnet.tokenizer.pretokenizer;

import java.util.ArrayList;
import java.util.List;

import bitnet.tokenizer.text.Chars;
import bitnet.tokenizer.text.Matches;
import bitnet.tokenizer.text.NormalizedString;
import bitnet.tokenizer.text.SplitBehavior;
import bitnet.tokenizer.text.TextPattern;

/** BERT's pre-tokenizer: split on white space (dropped), then isolate each punctuation character. */
public final class BertPreTokenizer implements PreTokenizer {
    private static final TextPattern SPACE = TextPattern.codePoints(Chars::isWhiteSpace);
    private static final TextPattern PUNCT = TextPattern.codePoints(Chars::isBertPunctuation);

    @Override
    public void split(NormalizedString s, List<NormalizedString> out) {
        Matches m = new Matches();
        SPACE.find(s.text(), m);
        List<NormalizedString> words = new ArrayList<>();
        SplitBehavior.REMOVED.apply(s, m, words);
        for (NormalizedString w : words) {
            PUNCT.find(w.text(), m);
            SplitBehavior.ISOLATED.apply(w, m, out);
        }
    }
}
