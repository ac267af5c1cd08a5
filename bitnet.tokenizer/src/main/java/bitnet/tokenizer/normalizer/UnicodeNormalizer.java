package bitnet.tokenizer.normalizer;

import java.text.Normalizer.Form;

import bitnet.tokenizer.text.NormalizedString;

/**
 * NFC, NFD, NFKC or NFKD. The whole text is normalized at once (so the result is exactly the normal form); the
 * alignment comes from normalizing each base character with its marks alone, used when those pieces add up to
 * the same text, else every output unit maps to the whole input.
 */
public final class UnicodeNormalizer implements Normalizer {
    private final Form form;

    /** @param form the normal form */
    public UnicodeNormalizer(Form form) {
        this.form = form;
    }

    @Override
    public NormalizedString normalize(NormalizedString s) {
        return apply(s, form);
    }

    static NormalizedString apply(NormalizedString s, Form form) {
        String t = s.text();
        if (java.text.Normalizer.isNormalized(t, form)) {
            return s;
        }
        String whole = java.text.Normalizer.normalize(t, form);
        NormalizedString.Builder b = s.rewrite();
        int n = t.length();
        int i = 0;
        while (i < n) {
            int end = clusterEnd(t, i);
            char c = t.charAt(i);
            if (end == i + 1 && (c < 0x80 || (c >= 0x4E00 && c <= 0x9FFF))) {
                // ASCII and CJK ideographs alone are unchanged by every form; skip the per-cluster normalization.
                if (b.length() >= whole.length() || whole.charAt(b.length()) != c) {
                    return wholeSpan(s, whole);
                }
                b.copy(i, end);
                i = end;
                continue;
            }
            String part = java.text.Normalizer.normalize(t.substring(i, end), form);
            int at = b.length();
            if (!whole.startsWith(part, at)) {
                return wholeSpan(s, whole);
            }
            if (part.equals(t.substring(i, end))) {
                b.copy(i, end);
            } else {
                appendCodePoints(b, part, i, end);
            }
            i = end;
        }
        return b.length() == whole.length() ? b.build() : wholeSpan(s, whole);
    }

    private static void appendCodePoints(NormalizedString.Builder b, String part, int from, int to) {
        for (int k = 0; k < part.length(); ) {
            int cp = part.codePointAt(k);
            b.append(cp, from, to);
            k += Character.charCount(cp);
        }
    }

    private static NormalizedString wholeSpan(NormalizedString s, String whole) {
        NormalizedString.Builder b = s.rewrite();
        b.append(whole, 0, s.length());
        return b.build();
    }

    /** A base code point and the marks (and conjoining jamo) that follow it. */
    private static int clusterEnd(String t, int i) {
        int n = t.length();
        int j = i + Character.charCount(t.codePointAt(i));
        while (j < n) {
            int cp = t.codePointAt(j);
            int type = Character.getType(cp);
            boolean attaches = type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK || (cp >= 0x1160 && cp <= 0x11FF)
                    || (cp >= 0xD7B0 && cp <= 0xD7FF) || (cp >= 0x3099 && cp <= 0x309A);
            if (!attaches) {
                break;
            }
            j += Character.charCount(cp);
        }
        return j;
    }
}
