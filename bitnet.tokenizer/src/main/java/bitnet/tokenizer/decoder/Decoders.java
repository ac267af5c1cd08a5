package bitnet.tokenizer.decoder;

import java.util.ArrayList;
import java.util.List;

import bitnet.tokenizer.normalizer.Replace;
import bitnet.tokenizer.pretokenizer.ByteLevel;
import bitnet.tokenizer.pretokenizer.Metaspace;
import bitnet.tokenizer.text.Utf8;

/** The decoders of tokenizer.json. */
public final class Decoders {
    private Decoders() {
    }

    /** @return ByteLevel: byte-level characters back to UTF-8 bytes, decoded with replacement of invalid bytes */
    public static Decoder byteLevel() {
        return tokens -> {
            byte[] buf = new byte[64];
            int len = 0;
            for (String t : tokens) {
                boolean all = true;
                for (int i = 0; i < t.length() && all; i++) {
                    all = ByteLevel.charToByte(t.charAt(i)) >= 0;
                }
                byte[] add = all ? null : t.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                int need = len + (all ? t.length() : add.length);
                if (need > buf.length) {
                    buf = java.util.Arrays.copyOf(buf, Math.max(need, buf.length * 2));
                }
                if (all) {
                    for (int i = 0; i < t.length(); i++) {
                        buf[len++] = (byte) ByteLevel.charToByte(t.charAt(i));
                    }
                } else {
                    System.arraycopy(add, 0, buf, len, add.length);
                    len += add.length;
                }
            }
            return List.of(Utf8.decodeLossy(buf, len));
        };
    }

    /**
     * @param replacement the character standing for a space
     * @param scheme the prepend scheme; unless NEVER, replacements in the first token are dropped
     * @return Metaspace
     */
    public static Decoder metaspace(int replacement, Metaspace.PrependScheme scheme) {
        return tokens -> {
            List<String> out = new ArrayList<>(tokens.size());
            for (int k = 0; k < tokens.size(); k++) {
                String t = tokens.get(k);
                StringBuilder sb = new StringBuilder(t.length());
                boolean dropLeading = k == 0 && scheme != Metaspace.PrependScheme.NEVER;
                for (int i = 0; i < t.length(); ) {
                    int cp = t.codePointAt(i);
                    if (cp == replacement) {
                        if (!dropLeading) {
                            sb.append(' ');
                        }
                    } else {
                        sb.appendCodePoint(cp);
                    }
                    i += Character.charCount(cp);
                }
                out.add(sb.toString());
            }
            return out;
        };
    }

    /**
     * @param prefix the continuing-subword prefix ({@code ##})
     * @param cleanup whether to remove the spaces before punctuation and contractions
     * @return WordPiece
     */
    public static Decoder wordPiece(String prefix, boolean cleanup) {
        return tokens -> {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                String t = tokens.get(i);
                if (i != 0) {
                    t = t.startsWith(prefix) ? t.substring(prefix.length()) : " " + t;
                }
                out.add(cleanup ? cleanup(t) : t);
            }
            return out;
        };
    }

    /**
     * @param s a decoded piece
     * @return BERT's clean-up of tokenization spaces
     */
    public static String cleanup(String s) {
        return s.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",").replace(" ' ", "'")
                .replace(" n't", "n't").replace(" 'm", "'m").replace(" do not", " don't").replace(" 's", "'s")
                .replace(" 've", "'ve").replace(" 're", "'re");
    }

    /** @return ByteFallback: runs of {@code <0xNN>} tokens become their UTF-8 text, or one U+FFFD per byte */
    public static Decoder byteFallback() {
        return tokens -> {
            List<String> out = new ArrayList<>(tokens.size());
            byte[] bytes = new byte[16];
            int n = 0;
            for (String t : tokens) {
                int b = byteToken(t);
                if (b >= 0) {
                    if (n == bytes.length) {
                        bytes = java.util.Arrays.copyOf(bytes, n * 2);
                    }
                    bytes[n++] = (byte) b;
                    continue;
                }
                flushBytes(bytes, n, out);
                n = 0;
                out.add(t);
            }
            flushBytes(bytes, n, out);
            return out;
        };
    }

    private static int byteToken(String t) {
        if (t.length() != 6 || !t.startsWith("<0x") || t.charAt(5) != '>') {
            return -1;
        }
        int hi = Character.digit(t.charAt(3), 16);
        int lo = Character.digit(t.charAt(4), 16);
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }

    private static void flushBytes(byte[] bytes, int n, List<String> out) {
        if (n == 0) {
            return;
        }
        java.nio.charset.CharsetDecoder d = java.nio.charset.StandardCharsets.UTF_8.newDecoder();
        try {
            out.add(d.decode(java.nio.ByteBuffer.wrap(bytes, 0, n)).toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            for (int i = 0; i < n; i++) {
                out.add("\uFFFD");
            }
        }
    }

    /** @return Fuse: all tokens into one string */
    public static Decoder fuse() {
        return tokens -> List.of(String.join("", tokens));
    }

    /**
     * @param content the character to strip
     * @param start how many leading occurrences at most
     * @param stop how many trailing occurrences at most
     * @return Strip
     */
    public static Decoder strip(int content, int start, int stop) {
        return tokens -> {
            List<String> out = new ArrayList<>(tokens.size());
            for (String t : tokens) {
                int[] cps = t.codePoints().toArray();
                int from = 0;
                for (int i = 0; i < Math.min(start, cps.length) && cps[i] == content; i++) {
                    from = i + 1;
                }
                int to = cps.length;
                for (int i = 0; i < stop && cps.length - i - 1 >= 0; i++) {
                    int idx = cps.length - i - 1;
                    if (cps[idx] != content) {
                        break;
                    }
                    to = idx;
                }
                out.add(from >= to ? "" : new String(cps, from, to - from));
            }
            return out;
        };
    }

    /**
     * @param replace the pattern and its replacement
     * @return Replace, applied to each token
     */
    public static Decoder replace(Replace replace) {
        return tokens -> {
            List<String> out = new ArrayList<>(tokens.size());
            for (String t : tokens) {
                out.add(replace.replaceIn(t));
            }
            return out;
        };
    }

    /**
     * @param suffix the end-of-word suffix
     * @return BPEDecoder: the suffix becomes a space, except on the last token
     */
    public static Decoder bpe(String suffix) {
        return tokens -> {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                out.add(tokens.get(i).replace(suffix, i == tokens.size() - 1 ? "" : " "));
            }
            return out;
        };
    }

    /**
     * @param steps decoders, applied in order
     * @return Sequence
     */
    public static Decoder sequence(List<Decoder> steps) {
        return tokens -> {
            List<String> cur = tokens;
            for (Decoder d : steps) {
                cur = d.decodeChain(cur);
            }
            return cur;
        };
    }
}
