package bitnet.tokenizer.model;

import java.util.Map;

import bitnet.api.tokenizer.TokenizerException;

/**
 * WordPiece: greedy longest-match-first from the start of the word; pieces after the first carry the continuing
 * prefix ({@code ##}); a word with no full cover, or longer than the limit, is one unknown token.
 */
public final class WordPieceModel extends VocabularyModel {
    private final String unkToken;
    private final int unkId;
    private final String prefix;
    private final int maxChars;
    /** The longest vocabulary entry in UTF-16 units: longer candidates cannot match, so they are not tried. */
    private final int maxTokenLength;

    /**
     * @param vocab token to id
     * @param unkToken the unknown token, which must be in the vocabulary
     * @param prefix the continuing-subword prefix
     * @param maxChars words with more code points than this are unknown
     * @throws TokenizerException if the unknown token is not in the vocabulary
     */
    public WordPieceModel(Map<String, Integer> vocab, String unkToken, String prefix, int maxChars) {
        super(new Vocab(vocab));
        this.unkToken = unkToken;
        this.unkId = this.vocab.id(unkToken);
        if (unkId < 0) {
            throw new TokenizerException("WordPiece: the unknown token '" + unkToken + "' is not in the vocabulary");
        }
        this.prefix = prefix;
        this.maxChars = maxChars;
        int longest = 0;
        for (String t : vocab.keySet()) {
            longest = Math.max(longest, t.length());
        }
        this.maxTokenLength = longest;
    }

    /** @return the continuing-subword prefix */
    public String prefix() {
        return prefix;
    }

    @Override
    public void tokenize(String word, TokenBuffer out) {
        int n = word.length();
        if (word.codePointCount(0, n) > maxChars) {
            out.add(unkId, 0, n);
            return;
        }
        int mark = out.size();
        int start = 0;
        StringBuilder sb = new StringBuilder(prefix.length() + n);
        while (start < n) {
            int limit = start + maxTokenLength - (start > 0 ? prefix.length() : 0);
            int end = Math.min(n, Math.max(limit, start));
            if (end < n && end > start && Character.isLowSurrogate(word.charAt(end))
                    && Character.isHighSurrogate(word.charAt(end - 1))) {
                end--;
            }
            int found = -1;
            while (start < end) {
                String sub;
                if (start > 0) {
                    sb.setLength(0);
                    sb.append(prefix).append(word, start, end);
                    sub = sb.toString();
                } else {
                    sub = word.substring(start, end);
                }
                int id = vocab.id(sub);
                if (id >= 0) {
                    found = id;
                    break;
                }
                end -= Character.charCount(word.codePointBefore(end));
            }
            if (found < 0) {
                // A word that cannot be covered is one unknown token.
                out.truncate(mark);
                out.add(unkId, 0, n);
                return;
            }
            out.add(found, start, end);
            start = end;
        }
    }

    /** @return the unknown token */
    public String unkToken() {
        return unkToken;
    }
}
