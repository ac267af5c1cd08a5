package bitnet.tokenizer.normalizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.text.Normalizer.Form;
import java.util.List;

import org.junit.jupiter.api.Test;

import bitnet.tokenizer.text.NormalizedString;
import bitnet.tokenizer.text.TextPattern;

class NormalizerTest {

    private static NormalizedString n(String s) {
        return NormalizedString.of(s);
    }

    @Test
    void nfdKeepsEachDecomposedMarkAlignedToItsCharacter() {
        NormalizedString r = new UnicodeNormalizer(Form.NFD).normalize(n("x\u00e9y"));
        assertEquals("xe\u0301y", r.text());
        assertEquals(1, r.startOf(1));
        assertEquals(2, r.endOf(2));
        assertEquals(2, r.startOf(3));
    }

    @Test
    void alreadyNormalTextIsReturnedAsIs() {
        NormalizedString s = n("plain");
        assertSame(s, new UnicodeNormalizer(Form.NFC).normalize(s));
    }

    @Test
    void nfkcComposesAndFolds() {
        assertEquals("\u00e9fi", new UnicodeNormalizer(Form.NFKC).normalize(n("e\u0301\ufb01")).text());
    }

    @Test
    void lowercaseIsContextFreeAndExpandsDottedI() {
        assertEquals("i\u0307σσ", new Lowercase().normalize(n("\u0130ΣΣ")).text());
    }

    @Test
    void prependReplaceAndStrip() {
        assertEquals("\u2581a\u2581b", new SequenceNormalizer(List.of(new Prepend("\u2581"),
                new Replace(TextPattern.literal(" "), "\u2581"))).normalize(n("a b")).text());
        assertEquals("", new Prepend("\u2581").normalize(n("")).text());
        NormalizedString s = new Strip(true, true).normalize(n(" \u00a0ab\t"));
        assertEquals("ab", s.text());
        assertEquals(2, s.startOf(0));
        assertEquals("x-y", new Replace(TextPattern.regex("\\s+"), "-").normalize(n("x \t y")).text());
    }

    @Test
    void stripAccentsRemovesMarks() {
        assertEquals("cafe", new SequenceNormalizer(List.of(new UnicodeNormalizer(Form.NFD), new StripAccents()))
                .normalize(n("caf\u00e9")).text());
    }

    @Test
    void bertCleansSpacesIdeographsAccentsAndCase() {
        BertNormalizer b = new BertNormalizer(true, true, true, true);
        assertEquals("a b  \u4e2d cafe", b.normalize(n("A\u0000\tb \u4e2dCAF\u00c9\ufffd")).text());
        // U+1DFA is a mark newer than the table Hugging Face strips with: it stays.
        assertEquals("a\u1dfa", b.normalize(n("a\u1dfa")).text());
        assertEquals("a", b.normalize(n("a\u0301")).text());
    }
}
