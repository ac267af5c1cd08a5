package bitnet.tokenizer.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import bitnet.tokenizer.normalizer.Normalizer;
import bitnet.tokenizer.text.Chars;
import bitnet.tokenizer.text.NormalizedString;

/**
 * Added tokens: found in the raw text (tokens with {@code normalized=false}) and then in each normalized remaining
 * piece ({@code normalized=true}), leftmost-longest, before pre-tokenization, as Hugging Face does.
 */
public final class AddedVocabulary {
    private final List<AddedToken> tokens;
    private final Map<String, Integer> byContent = new HashMap<>();
    private final Map<Integer, AddedToken> byId = new HashMap<>();
    private final Set<String> specialContents = new HashSet<>();
    private final List<AddedToken> rawTokens = new ArrayList<>();
    private final List<AddedToken> normalizedTokens = new ArrayList<>();
    private final TokenTrie rawTrie;
    private final TokenTrie normalizedTrie;

    /** A piece of the input: either an added token's id, or -1 and text left for the model. */
    public record Piece(NormalizedString text, int tokenId) {
    }

    /**
     * @param tokens the added tokens
     * @param normalizer the normalizer, applied to the content of normalized tokens; may be null
     */
    public AddedVocabulary(List<AddedToken> tokens, Normalizer normalizer) {
        this.tokens = List.copyOf(tokens);
        List<String> raw = new ArrayList<>();
        List<String> norm = new ArrayList<>();
        for (AddedToken t : tokens) {
            byContent.put(t.content(), t.id());
            byId.put(t.id(), t);
            if (t.special()) {
                specialContents.add(t.content());
            }
            if (t.normalized()) {
                normalizedTokens.add(t);
                NormalizedString c = NormalizedString.of(t.content());
                norm.add(normalizer == null ? t.content() : normalizer.normalize(c).text());
            } else {
                rawTokens.add(t);
                raw.add(t.content());
            }
        }
        rawTrie = new TokenTrie(raw);
        normalizedTrie = new TokenTrie(norm);
    }

    /** @return the added tokens */
    public List<AddedToken> tokens() {
        return tokens;
    }

    /** @param content token text @return its id, or null */
    public Integer idOf(String content) {
        return byContent.get(content);
    }

    /** @param id an id @return the added token, or null */
    public AddedToken byId(int id) {
        return byId.get(id);
    }

    /** @param content token text @return whether it is a special token */
    public boolean isSpecial(String content) {
        return specialContents.contains(content);
    }

    /**
     * @param text the whole input
     * @param normalizer the normalizer, or null
     * @return the pieces, added tokens found, the rest normalized
     */
    public List<Piece> extractAndNormalize(String text, Normalizer normalizer) {
        List<Piece> first = new ArrayList<>();
        split(NormalizedString.of(text), rawTrie, rawTokens, first);
        List<Piece> out = new ArrayList<>(first.size());
        for (Piece p : first) {
            if (p.tokenId() >= 0) {
                out.add(p);
                continue;
            }
            NormalizedString n = normalizer == null ? p.text() : normalizer.normalize(p.text());
            split(n, normalizedTrie, normalizedTokens, out);
        }
        return out;
    }

    private static void split(NormalizedString s, TokenTrie trie, List<AddedToken> list, List<Piece> out) {
        String t = s.text();
        if (t.isEmpty()) {
            out.add(new Piece(s, -1));
            return;
        }
        int[] found = new int[3];
        int startOffset = 0;
        int from = 0;
        int n = t.length();
        while (from < n && trie.find(t, from, found)) {
            AddedToken tok = list.get(found[0]);
            int start = found[1];
            int stop = found[2];
            from = stop;
            if (tok.singleWord()) {
                boolean startSpace = start == 0 || !isWordChar(t.codePointBefore(start));
                boolean stopSpace = stop == n || !isWordChar(t.codePointAt(stop));
                if (!startSpace || !stopSpace) {
                    continue;
                }
            }
            if (tok.lstrip()) {
                int ns = start;
                while (ns > 0 && Chars.isWhiteSpace(t.codePointBefore(ns))) {
                    ns -= Character.charCount(t.codePointBefore(ns));
                }
                start = Math.max(ns, startOffset);
            }
            if (tok.rstrip()) {
                while (stop < n && Chars.isWhiteSpace(t.codePointAt(stop))) {
                    stop += Character.charCount(t.codePointAt(stop));
                }
                from = stop;
            }
            if (startOffset < start) {
                out.add(new Piece(s.slice(startOffset, start), -1));
            }
            out.add(new Piece(s.slice(start, stop), tok.id()));
            startOffset = stop;
        }
        if (startOffset != n) {
            out.add(new Piece(s.slice(startOffset, n), -1));
        }
    }

    /** Unicode {@code \w}: alphabetic, marks, decimal digits, connector punctuation, joiners. */
    static boolean isWordChar(int cp) {
        if (Character.isAlphabetic(cp)) {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                    Character.DECIMAL_DIGIT_NUMBER, Character.CONNECTOR_PUNCTUATION -> true;
            default -> cp == 0x200C || cp == 0x200D;
        };
    }
}
