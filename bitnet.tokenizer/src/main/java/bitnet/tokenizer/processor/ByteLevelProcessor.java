package bitnet.tokenizer.processor;

import java.util.List;

import bitnet.tokenizer.pretokenizer.ByteLevel;
import bitnet.tokenizer.text.Chars;

/** ByteLevel post-processing: adds nothing; with {@code trim_offsets}, offsets leave out leading and trailing spaces. */
public final class ByteLevelProcessor implements PostProcessor {
    private static final char SPACE = ByteLevel.byteToChar(' ');
    private final boolean trimOffsets;
    private final boolean addPrefixSpace;

    /**
     * @param trimOffsets trim spaces off offsets
     * @param addPrefixSpace whether the pre-tokenizer added a space before the first word (kept in its offsets)
     */
    public ByteLevelProcessor(boolean trimOffsets, boolean addPrefixSpace) {
        this.trimOffsets = trimOffsets;
        this.addPrefixSpace = addPrefixSpace;
    }

    @Override
    public int addedTokens(boolean pair) {
        return 0;
    }

    @Override
    public List<Parts> process(List<Parts> encodings, boolean addSpecialTokens) {
        if (trimOffsets) {
            for (Parts p : encodings) {
                trim(p, addPrefixSpace);
            }
        }
        return encodings;
    }

    static void trim(Parts p, boolean addPrefixSpace) {
        for (int i = 0; i < p.size(); i++) {
            String t = p.token(i);
            int lead = 0;
            while (lead < t.length() && isSpace(t.charAt(lead))) {
                lead++;
            }
            int trail = 0;
            while (trail < t.length() && isSpace(t.charAt(t.length() - 1 - trail))) {
                trail++;
            }
            int s = p.start(i);
            int e = p.end(i);
            if (lead > 0) {
                boolean first = i == 0 || s == 0;
                if (!(first && addPrefixSpace && lead == 1)) {
                    s = Math.min(s + lead, e);
                }
            }
            if (trail > 0 && e >= trail) {
                e = Math.max(e - trail, s);
            }
            p.setOffsets(i, s, e);
        }
    }

    private static boolean isSpace(char c) {
        return c == SPACE || Chars.isWhiteSpace(c);
    }
}
