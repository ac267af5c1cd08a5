package bitnet.tokenizer.normalizer;

import bitnet.tokenizer.text.Chars;
import bitnet.tokenizer.text.NormalizedString;

/** Removes leading and/or trailing white space. */
public final class Strip implements Normalizer {
    private final boolean left;
    private final boolean right;

    /**
     * @param left strip the start
     * @param right strip the end
     */
    public Strip(boolean left, boolean right) {
        this.left = left;
        this.right = right;
    }

    @Override
    public NormalizedString normalize(NormalizedString s) {
        String t = s.text();
        int start = 0;
        int end = t.length();
        if (left) {
            while (start < end && Chars.isWhiteSpace(t.codePointAt(start))) {
                start += Character.charCount(t.codePointAt(start));
            }
        }
        if (right) {
            while (end > start && Chars.isWhiteSpace(t.codePointBefore(end))) {
                end -= Character.charCount(t.codePointBefore(end));
            }
        }
        if (start == 0 && end == t.length()) {
            return s;
        }
        return s.rewrite().copy(start, end).build();
    }
}
