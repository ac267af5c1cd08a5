package bitnet.tokenizer.pretokenizer;

import java.util.List;

import bitnet.api.tokenizer.TokenizerException;
import bitnet.tokenizer.text.Matches;
import bitnet.tokenizer.text.NormalizedString;
import bitnet.tokenizer.text.SplitBehavior;
import bitnet.tokenizer.text.TextPattern;

/** SentencePiece's pre-tokenizer: spaces become a replacement character ({@code ▁}), which starts each word. */
public final class Metaspace implements PreTokenizer {

    /** When the replacement is put in front of the text. */
    public enum PrependScheme {
        /** Always. */
        ALWAYS,
        /** Only before the first piece of the text. */
        FIRST,
        /** Never. */
        NEVER;

        /**
         * @param name {@code always}, {@code first} or {@code never}
         * @return the scheme
         */
        public static PrependScheme parse(String name) {
            return switch (name) {
                case "always" -> ALWAYS;
                case "first" -> FIRST;
                case "never" -> NEVER;
                default -> throw new TokenizerException("unsupported Metaspace prepend_scheme '" + name
                        + "': expected always, first or never");
            };
        }
    }

    private final int replacement;
    private final String replacementString;
    private final PrependScheme scheme;
    private final boolean split;
    private final TextPattern splitPattern;

    /**
     * @param replacement the character standing for a space
     * @param scheme when to prepend it
     * @param split whether to split before each replacement character
     */
    public Metaspace(int replacement, PrependScheme scheme, boolean split) {
        this.replacement = replacement;
        this.replacementString = Character.toString(replacement);
        this.scheme = scheme;
        this.split = split;
        this.splitPattern = TextPattern.literal(replacementString);
    }

    /** @return the replacement character */
    public int replacement() {
        return replacement;
    }

    /** @return the prepend scheme */
    public PrependScheme scheme() {
        return scheme;
    }

    @Override
    public void split(NormalizedString s, List<NormalizedString> out) {
        NormalizedString r = s;
        if (r.text().indexOf(' ') >= 0) {
            if (replacementString.length() == 1) {
                r = r.withSameLength(r.text().replace(' ', replacementString.charAt(0)));
            } else {
                NormalizedString.Builder b = r.rewrite();
                String t = r.text();
                for (int i = 0; i < t.length(); i++) {
                    if (t.charAt(i) == ' ') {
                        b.append(replacementString, i, i + 1);
                    } else {
                        b.copy(i, i + 1);
                    }
                }
                r = b.build();
            }
        }
        boolean prepend = switch (scheme) {
            case ALWAYS -> true;
            case FIRST -> r.originalStart() == 0;
            case NEVER -> false;
        };
        if (prepend && !r.text().startsWith(replacementString)) {
            int first = r.isEmpty() ? 0 : Character.charCount(r.text().codePointAt(0));
            r = r.rewrite().append(replacementString, 0, first).copy(0, r.length()).build();
        }
        if (split) {
            Matches m = new Matches();
            splitPattern.find(r.text(), m);
            SplitBehavior.MERGED_WITH_NEXT.apply(r, m, out);
        } else if (!r.isEmpty()) {
            out.add(r);
        }
    }
}
