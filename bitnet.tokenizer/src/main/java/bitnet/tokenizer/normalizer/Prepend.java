package bitnet.tokenizer.normalizer;

import bitnet.tokenizer.text.NormalizedString;

/** Puts a string in front of every non-empty text (SentencePiece's leading {@code ▁}). */
public final class Prepend implements Normalizer {
    private final String prefix;

    /** @param prefix the string to put in front */
    public Prepend(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public NormalizedString normalize(NormalizedString s) {
        if (s.isEmpty() || prefix.isEmpty()) {
            return s;
        }
        int first = Character.charCount(s.text().codePointAt(0));
        return s.rewrite().append(prefix, 0, first).copy(0, s.length()).build();
    }
}
