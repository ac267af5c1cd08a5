package bitnet.tokenizer.normalizer;

import bitnet.tokenizer.text.Matches;
import bitnet.tokenizer.text.NormalizedString;
import bitnet.tokenizer.text.TextPattern;

/** Replaces every match of a pattern (a string or a regex) with a fixed content. */
public final class Replace implements Normalizer {
    private final TextPattern pattern;
    private final String content;

    /**
     * @param pattern what to replace
     * @param content what to put instead
     */
    public Replace(TextPattern pattern, String content) {
        this.pattern = pattern;
        this.content = content;
    }

    @Override
    public NormalizedString normalize(NormalizedString s) {
        Matches m = new Matches();
        pattern.find(s.text(), m);
        boolean any = false;
        for (int i = 0; i < m.size() && !any; i++) {
            any = m.isMatch(i) && m.end(i) > m.start(i);
        }
        if (!any) {
            return s;
        }
        NormalizedString.Builder b = s.rewrite();
        for (int i = 0; i < m.size(); i++) {
            if (m.isMatch(i)) {
                b.append(content, m.start(i), m.end(i));
            } else {
                b.copy(m.start(i), m.end(i));
            }
        }
        return b.build();
    }

    /**
     * Replaces in a plain string (for decoders).
     *
     * @param text the text
     * @return the text with every match replaced
     */
    public String replaceIn(String text) {
        Matches m = new Matches();
        pattern.find(text, m);
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < m.size(); i++) {
            if (m.isMatch(i)) {
                sb.append(content);
            } else {
                sb.append(text, m.start(i), m.end(i));
            }
        }
        return sb.toString();
    }
}
