package bitnet.tokenizer.text;

/** UTF-8 decoding with Rust's {@code String::from_utf8_lossy} replacement rule. */
public final class Utf8 {
    private Utf8() {
    }

    /**
     * Decodes bytes, replacing each maximal invalid subsequence with one U+FFFD (Unicode's recommended practice,
     * which Rust follows).
     *
     * @param b the bytes
     * @param len how many to decode
     * @return the text
     */
    public static String decodeLossy(byte[] b, int len) {
        StringBuilder sb = new StringBuilder(len);
        int i = 0;
        while (i < len) {
            int b0 = b[i] & 0xFF;
            if (b0 < 0x80) {
                sb.append((char) b0);
                i++;
                continue;
            }
            int need;
            int min2;
            int max2 = 0xBF;
            if (b0 >= 0xC2 && b0 <= 0xDF) {
                need = 1;
                min2 = 0x80;
            } else if (b0 >= 0xE0 && b0 <= 0xEF) {
                need = 2;
                min2 = b0 == 0xE0 ? 0xA0 : 0x80;
                max2 = b0 == 0xED ? 0x9F : 0xBF;
            } else if (b0 >= 0xF0 && b0 <= 0xF4) {
                need = 3;
                min2 = b0 == 0xF0 ? 0x90 : 0x80;
                max2 = b0 == 0xF4 ? 0x8F : 0xBF;
            } else {
                sb.append('\uFFFD');
                i++;
                continue;
            }
            int cp = b0 & (0x3F >> need);
            int j = i + 1;
            int got = 0;
            while (got < need) {
                if (j >= len) {
                    break;
                }
                int bj = b[j] & 0xFF;
                int lo = got == 0 ? min2 : 0x80;
                int hi = got == 0 ? max2 : 0xBF;
                if (bj < lo || bj > hi) {
                    break;
                }
                cp = (cp << 6) | (bj & 0x3F);
                j++;
                got++;
            }
            if (got == need) {
                sb.appendCodePoint(cp);
            } else {
                sb.append('\uFFFD');
            }
            i = j;
        }
        return sb.toString();
    }
}
