package bitnet.tokenizer.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import bitnet.api.tokenizer.TokenizerException;

/**
 * Byte-pair encoding as Hugging Face runs it: each code point of the word is a symbol (with the continuing prefix
 * after the first and the end-of-word suffix on the last); a symbol outside the vocabulary becomes its UTF-8 bytes
 * ({@code <0xNN>}, with byte fallback) or the unknown token (fused when asked); then merges are applied by rank.
 * Words already in the vocabulary skip merging when {@code ignoreMerges} is set. Results are cached per word.
 */
public final class BpeModel extends VocabularyModel {
    private static final int CACHE_CAPACITY = 100_000;
    private static final int CACHE_MAX_WORD = 256;

    private final MergeTable merges;
    private final int mergeCount;
    private final String unkToken;
    private final int unkId;
    private final String prefix;
    private final String suffix;
    private final boolean fuseUnk;
    private final boolean byteFallback;
    private final boolean ignoreMerges;
    private final int[] byteIds;
    /** Id of each BMP code point as a first (unprefixed, not last) symbol: -1 absent, -2 not looked up yet. */
    private final int[] charIds;
    private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

    /** The options of a BPE model, as tokenizer.json names them. */
    public record Options(String unkToken, String continuingSubwordPrefix, String endOfWordSuffix, boolean fuseUnk,
            boolean byteFallback, boolean ignoreMerges) {

        /** @return no unknown token, no prefix or suffix, no fallback, merges always applied */
        public static Options plain() {
            return new Options(null, null, null, false, false, false);
        }
    }

    /**
     * @param vocab token to id
     * @param merges merge pairs in rank order, each {left, right}
     * @param options unknown token, prefix, suffix, fallback
     * @throws TokenizerException if a merge names a token that is not in the vocabulary, or its result is not
     */
    public BpeModel(Map<String, Integer> vocab, List<String[]> merges, Options options) {
        super(new Vocab(vocab));
        this.unkToken = options.unkToken();
        this.unkId = unkToken == null ? -1 : this.vocab.id(unkToken);
        this.prefix = emptyToNull(options.continuingSubwordPrefix());
        this.suffix = emptyToNull(options.endOfWordSuffix());
        this.fuseUnk = options.fuseUnk();
        this.byteFallback = options.byteFallback();
        this.ignoreMerges = options.ignoreMerges();
        this.mergeCount = merges.size();
        this.merges = new MergeTable(merges.size());
        int prefixLen = prefix == null ? 0 : prefix.length();
        for (int rank = 0; rank < merges.size(); rank++) {
            String[] m = merges.get(rank);
            int a = this.vocab.id(m[0]);
            int b = this.vocab.id(m[1]);
            if (a < 0 || b < 0) {
                throw new TokenizerException("BPE merge " + (rank + 1) + " '" + m[0] + " " + m[1] + "': token '"
                        + (a < 0 ? m[0] : m[1]) + "' is not in the vocabulary");
            }
            String right = prefixLen > 0 && m[1].startsWith(prefix) ? m[1].substring(prefixLen) : m[1];
            int merged = this.vocab.id(m[0] + right);
            if (merged < 0) {
                throw new TokenizerException("BPE merge " + (rank + 1) + " '" + m[0] + " " + m[1]
                        + "': the merged token '" + m[0] + right + "' is not in the vocabulary");
            }
            this.merges.put(a, b, rank, merged);
        }
        this.byteIds = new int[256];
        for (int b = 0; b < 256; b++) {
            byteIds[b] = this.vocab.id(String.format("<0x%02X>", b));
        }
        this.charIds = new int[65536];
        Arrays.fill(charIds, -2);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** @return the number of merges */
    public int mergeCount() {
        return mergeCount;
    }

    /** @return the continuing-subword prefix, or null */
    public String prefix() {
        return prefix;
    }

    /** @return the end-of-word suffix, or null */
    public String suffix() {
        return suffix;
    }

    @Override
    public void tokenize(String word, TokenBuffer out) {
        int n = word.length();
        if (n == 0) {
            return;
        }
        if (ignoreMerges) {
            int id = vocab.id(word);
            if (id >= 0) {
                out.add(id, 0, n);
                return;
            }
        }
        int[] hit = cache.get(word);
        if (hit == null) {
            hit = merge(word);
            if (n < CACHE_MAX_WORD && cache.size() < CACHE_CAPACITY) {
                cache.putIfAbsent(word, hit);
            }
        }
        int count = hit.length / 3;
        for (int i = 0; i < count; i++) {
            out.add(hit[i], hit[count + i], hit[2 * count + i]);
        }
    }

    private int[] merge(String w) {
        // Only cache misses get here; a fresh scratch word keeps the model free of per-thread state.
        BpeWord word = new BpeWord();
        int n = w.length();
        int unkStart = -1;
        int unkEnd = -1;
        int i = 0;
        while (i < n) {
            int cp = w.codePointAt(i);
            int next = i + Character.charCount(cp);
            boolean first = i == 0;
            boolean last = next == n;
            int id = symbolId(w, i, next, cp, first, last);
            if (id >= 0) {
                if (unkStart >= 0) {
                    word.add(unkId, unkStart, unkEnd);
                    unkStart = -1;
                }
                word.add(id, i, next);
            } else if (!(byteFallback && addBytes(word, w, i, next, first, last))) {
                if (unkToken != null) {
                    if (unkId < 0) {
                        throw new TokenizerException("BPE: the unknown token '" + unkToken
                                + "' is not in the vocabulary");
                    }
                    if (unkStart >= 0 && fuseUnk) {
                        unkEnd = next;
                    } else {
                        if (unkStart >= 0) {
                            word.add(unkId, unkStart, unkEnd);
                        }
                        unkStart = i;
                        unkEnd = next;
                    }
                }
            }
            i = next;
        }
        if (unkStart >= 0) {
            word.add(unkId, unkStart, unkEnd);
        }
        word.mergeAll(merges);
        int count = word.size;
        int[] r = new int[count * 3];
        System.arraycopy(word.ids, 0, r, 0, count);
        System.arraycopy(word.starts, 0, r, count, count);
        System.arraycopy(word.ends, 0, r, 2 * count, count);
        return r;
    }

    private int symbolId(String w, int from, int to, int cp, boolean first, boolean last) {
        boolean plain = (first || prefix == null) && (!last || suffix == null);
        if (plain && cp < 65536) {
            int id = charIds[cp];
            if (id == -2) {
                id = vocab.id(String.valueOf((char) cp));
                charIds[cp] = id;
            }
            return id;
        }
        return vocab.id(symbol(w, from, to, first, last));
    }

    private String symbol(String w, int from, int to, boolean first, boolean last) {
        StringBuilder sb = new StringBuilder(8);
        if (!first && prefix != null) {
            sb.append(prefix);
        }
        sb.append(w, from, to);
        if (last && suffix != null) {
            sb.append(suffix);
        }
        return sb.toString();
    }

    /** Byte fallback: every UTF-8 byte of the symbol (prefix and suffix included) must have a {@code <0xNN>} token. */
    private boolean addBytes(BpeWord word, String w, int from, int to, boolean first, boolean last) {
        byte[] bytes = symbol(w, from, to, first, last).getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if (byteIds[b & 0xFF] < 0) {
                return false;
            }
        }
        for (byte b : bytes) {
            word.add(byteIds[b & 0xFF], from, to);
        }
        return true;
    }
}
