package bitnet.tokenizer.normalizer;

import java.util.function.IntFunction;
import java.util.function.IntPredicate;

import bitnet.tokenizer.text.NormalizedString;

/** Code-point-wise rewrites that keep the alignment to the original text. */
final class Rewrites {
    private Rewrites() {
    }

    static NormalizedString filter(NormalizedString s, IntPredicate keep) {
        String t = s.text();
        int n = t.length();
        int i = 0;
        while (i < n) {
            int cp = t.codePointAt(i);
            if (!keep.test(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        if (i == n) {
            return s;
        }
        NormalizedString.Builder b = s.rewrite();
        b.copy(0, i);
        while (i < n) {
            int cp = t.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (keep.test(cp)) {
                b.copy(i, next);
            }
            i = next;
        }
        return b.build();
    }

    /** Maps each code point to a string; a null result keeps the code point. */
    static NormalizedString map(NormalizedString s, IntFunction<String> f) {
        String t = s.text();
        int n = t.length();
        NormalizedString.Builder b = null;
        int i = 0;
        while (i < n) {
            int cp = t.codePointAt(i);
            int next = i + Character.charCount(cp);
            String r = f.apply(cp);
            if (r != null && b == null) {
                b = s.rewrite();
                b.copy(0, i);
            }
            if (b != null) {
                if (r == null) {
                    b.copy(i, next);
                } else {
                    b.append(r, i, next);
                }
            }
            i = next;
        }
        return b == null ? s : b.build();
    }
}
