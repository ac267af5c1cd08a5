package bitnet.tokenizer.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CharsTest {

    @Test
    void punctuationAndControlsFollowTheUnicode8TableHuggingFaceUses() {
        assertTrue(Chars.isPunctuation('!'));
        assertTrue(Chars.isPunctuation(0x3002));
        assertFalse(Chars.isPunctuation(0x2E4D), "U+2E4D is punctuation only since Unicode 13");
        assertFalse(Chars.isPunctuation(0x1B7E), "U+1B7E is punctuation only since Unicode 14");
        assertTrue(Chars.isBertPunctuation('$'));
        assertTrue(Chars.isOther(0x200B));
        assertTrue(Chars.isOther(0x1B));
        assertFalse(Chars.isOther(0x08E2), "U+08E2 is a format character only since Unicode 9");
        assertFalse(Chars.isOther('a'));
    }

    @Test
    void unicode8AssignmentBoundaries() {
        assertTrue(Unicode8.isAssigned(0));
        assertTrue(Unicode8.isAssigned(0x377));
        assertFalse(Unicode8.isAssigned(0x378));
        assertTrue(Unicode8.isAssigned(0x8E3));
        assertFalse(Unicode8.isAssigned(0x8DF));
        assertFalse(Unicode8.isAssigned(0x30000), "CJK Extension G came with Unicode 13");
    }

    @Test
    void whiteSpaceIsTheUnicodeProperty() {
        assertTrue(Chars.isWhiteSpace(0xA0));
        assertTrue(Chars.isWhiteSpace(0x3000));
        assertFalse(Chars.isWhiteSpace(0x1C));
        assertFalse(Chars.isWhiteSpace(0x200B));
        assertEquals("i\u0307", Chars.lowercase(0x130));
    }
}
