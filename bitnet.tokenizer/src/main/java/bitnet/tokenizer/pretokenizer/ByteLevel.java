package bitnet.tokenizer.pretokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import bitnet.tokenizer.text.Matches;
import bitnet.tokenizer.text.NormalizedString;
import bitnet.tokenizer.text.SplitBehavior;
import bitnet.tokenizer.text.TextPattern;

/**
 * GPT-2's byte-level pre-tokenizer: optionally split with GPT-2's regex, then write every UTF-8 byte as one of 256
 * printable characters, so the vocabulary covers any text.
 */
public final class ByteLevel implements PreTokenizer {
    /** GPT-2's word pattern. */
    public static final String GPT2_REGEX =
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
    private static final TextPattern GPT2 = TextPattern.regex(GPT2_REGEX);
    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[324];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) (256 + n++);
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private final boolean addPrefixSpace;
    private final boolean useRegex;

    /**
     * @param addPrefixSpace put a space in front of a piece that does not start with one
     * @param useRegex split with GPT-2's regex first
     */
    public ByteLevel(boolean addPrefixSpace, boolean useRegex) {
        this.addPrefixSpace = addPrefixSpace;
        this.useRegex = useRegex;
    }

    /**
     * @param b a byte, 0..255
     * @return the character standing for it
     */
    public static char byteToChar(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /**
     * @param c a character
     * @return the byte it stands for, or -1 if it is not a byte-level character
     */
    public static int charToByte(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    @Override
    public void split(NormalizedString s, List<NormalizedString> out) {
        NormalizedString r = s;
        if (addPrefixSpace && !r.text().startsWith(" ")) {
            int first = r.isEmpty() ? 0 : Character.charCount(r.text().codePointAt(0));
            r = r.rewrite().append(" ", 0, first).copy(0, r.length()).build();
        }
        if (useRegex) {
            List<NormalizedString> words = new ArrayList<>();
            Matches m = new Matches();
            GPT2.find(r.text(), m);
            SplitBehavior.ISOLATED.apply(r, m, words);
            for (NormalizedString w : words) {
                out.add(toBytes(w));
            }
        } else if (!r.isEmpty()) {
            out.add(toBytes(r));
        }
    }

    /**
     * @param s a piece of text
     * @return the same piece, one byte-level character per UTF-8 byte
     */
    public static NormalizedString toBytes(NormalizedString s) {
        String t = s.text();
        int n = t.length();
        int ascii = 0;
        while (ascii < n && t.charAt(ascii) < 0x80) {
            ascii++;
        }
        if (ascii == n) {
            // One byte per unit: the alignment carries over unchanged.
            char[] mapped = new char[n];
            for (int i = 0; i < n; i++) {
                mapped[i] = BYTE_TO_CHAR[t.charAt(i)];
            }
            return s.withSameLength(new String(mapped));
        }
        NormalizedString.Builder b = s.rewrite();
        int i = 0;
        while (i < n) {
            char c = t.charAt(i);
            if (c < 0x80) {
                b.append(BYTE_TO_CHAR[c], i, i + 1);
                i++;
                continue;
            }
            int cp = t.codePointAt(i);
            int next = i + Character.charCount(cp);
            byte[] bytes = Character.toString(cp).getBytes(StandardCharsets.UTF_8);
            for (byte x : bytes) {
                b.append(BYTE_TO_CHAR[x & 0xFF], i, next);
            }
            i = next;
        }
        return b.build();
    }
}
