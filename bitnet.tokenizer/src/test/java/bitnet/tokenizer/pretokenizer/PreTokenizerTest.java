package bitnet.tokenizer.pretokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import bitnet.tokenizer.text.Chars;
import bitnet.tokenizer.text.NormalizedString;
import bitnet.tokenizer.text.SplitBehavior;
import bitnet.tokenizer.text.TextPattern;

class PreTokenizerTest {

    private static List<String> split(PreTokenizer p, String s) {
        List<NormalizedString> out = new ArrayList<>();
        p.split(NormalizedString.of(s), out);
        List<String> r = new ArrayList<>();
        out.forEach(x -> r.add(x.text()));
        return r;
    }

    @Test
    void splitBehaviors() {
        TextPattern dash = TextPattern.literal("-");
        String s = "the-final--countdown";
        assertEquals(List.of("the", "final", "countdown"), split(new PatternSplit(dash, SplitBehavior.REMOVED, false), s));
        assertEquals(List.of("the", "-", "final", "-", "-", "countdown"),
                split(new PatternSplit(dash, SplitBehavior.ISOLATED, false), s));
        assertEquals(List.of("the-", "final-", "-", "countdown"),
                split(new PatternSplit(dash, SplitBehavior.MERGED_WITH_PREVIOUS, false), s));
        assertEquals(List.of("the", "-final", "-", "-countdown"),
                split(new PatternSplit(dash, SplitBehavior.MERGED_WITH_NEXT, false), s));
        assertEquals(List.of("the", "-", "final", "--", "countdown"),
                split(new PatternSplit(dash, SplitBehavior.CONTIGUOUS, false), s));
    }

    @Test
    void whitespaceDigitsAndPunctuation() {
        assertEquals(List.of("Hey", "friend", "!", "How", "are", "you", "?!?"),
                split(PatternSplit.whitespace(), "Hey friend!     How are you?!?"));
        assertEquals(List.of("a", "b", "c"), split(PatternSplit.whitespaceSplit(), " a\tb\u00a0c "));
        assertEquals(List.of("Hey", "123", "friend"), split(new PatternSplit(TextPattern.codePoints(Chars::isNumeric),
                SplitBehavior.CONTIGUOUS, false), "Hey123friend"));
        assertEquals(List.of("a", ",", "b"), split(new PatternSplit(TextPattern.codePoints(
                Chars::isAsciiOrUnicodePunctuation), SplitBehavior.ISOLATED, false), "a,b"));
    }

    @Test
    void bertSplitsOnSpaceAndIsolatesPunctuation() {
        assertEquals(List.of("hey", ",", "you", "\u3002"), split(new BertPreTokenizer(), " hey,  you\u3002"));
    }

    @Test
    void metaspaceReplacesSpacesAndPrepends() {
        Metaspace always = new Metaspace('\u2581', Metaspace.PrependScheme.ALWAYS, true);
        assertEquals(List.of("\u2581Hey", "\u2581friend!"), split(always, "Hey friend!"));
        assertEquals(List.of("\u2581a"), split(new Metaspace('\u2581', Metaspace.PrependScheme.ALWAYS, false),
                " a"));
        assertEquals(List.of("a", "\u2581b"), split(new Metaspace('\u2581', Metaspace.PrependScheme.NEVER, true),
                "a b"));
    }

    @Test
    void byteLevelSplitsWithGpt2RegexAndMapsBytes() {
        ByteLevel b = new ByteLevel(false, true);
        assertEquals(List.of("Hello", "\u0120world", "'s", "\u0120\u00c3\u00a9"), split(b, "Hello world's \u00e9"));
        assertEquals(List.of("\u0120a"), split(new ByteLevel(true, true), "a"));
        assertEquals(0x20, ByteLevel.charToByte('\u0120'));
        assertEquals('\u0120', ByteLevel.byteToChar(0x20));
    }
}
