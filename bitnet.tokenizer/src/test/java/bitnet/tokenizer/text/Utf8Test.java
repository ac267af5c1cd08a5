package bitnet.tokenizer.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

class Utf8Test {

    private static String lossy(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return Utf8.decodeLossy(b, b.length);
    }

    @Test
    void replacesMaximalInvalidSubpartsLikeRust() {
        assertEquals("", lossy());
        assertEquals("a\uFFFD", lossy('a', 0xF0, 0x9F, 0x98));
        assertEquals("\uFFFD\uFFFD", lossy(0xC0, 0x80));
        assertEquals("\uFFFD\uFFFD\uFFFD", lossy(0xED, 0xA0, 0x80));
        assertEquals("\uFFFDa", lossy(0xE2, 0x82, 'a'));
        assertEquals("\uFFFD", lossy(0xFF));
        assertEquals("\uD83D\uDE00", lossy(0xF0, 0x9F, 0x98, 0x80));
    }

    @Test
    void validTextRoundTrips() {
        Random r = new Random(42);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            int cp = r.nextInt(0x10FFFF);
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                continue;
            }
            sb.appendCodePoint(cp);
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        assertEquals(sb.toString(), Utf8.decodeLossy(b, b.length));
    }

    @Test
    void unpairedSurrogatesBecomeReplacementCharacters() {
        assertEquals("a\uFFFDb\uFFFD", Chars.wellFormed("a\uD800b\uDC00"));
        String ok = "x\uD83D\uDE00";
        assertEquals(ok, Chars.wellFormed(ok));
    }
}
