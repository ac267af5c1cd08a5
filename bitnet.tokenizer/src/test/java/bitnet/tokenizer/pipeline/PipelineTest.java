package bitnet.tokenizer.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import bitnet.api.tokenizer.BatchOptions;
import bitnet.api.tokenizer.Direction;
import bitnet.api.tokenizer.Encoding;
import bitnet.api.tokenizer.Padding;
import bitnet.api.tokenizer.PaddingStrategy;
import bitnet.api.tokenizer.TextPair;
import bitnet.api.tokenizer.TokenizerException;
import bitnet.api.tokenizer.Truncation;
import bitnet.api.tokenizer.TruncationStrategy;
import bitnet.tokenizer.golden.Fixtures;
import bitnet.tokenizer.normalizer.Lowercase;
import bitnet.tokenizer.pretokenizer.PatternSplit;

class PipelineTest {

    private static PipelineTokenizer words(List<AddedToken> added) {
        PipelineTokenizer base = Tokenizers.words(List.of("my", "name", "is", "anthony", "hi", "there", "a", "b", "c",
                "d", "e", "f", "g", "h"));
        return new PipelineTokenizer(new PipelineTokenizer.Components(new Lowercase(), PatternSplit.whitespace(),
                base.model(), null, null), added, null, null);
    }

    @Test
    void simpleWordTokenizerEncodesAndDecodes() {
        PipelineTokenizer t = Tokenizers.words(List.of("hello", "world"));
        Encoding e = t.encode("hello, world", false);
        assertArrayEquals(new int[] {1, 0, 2}, e.ids());
        assertArrayEquals(new int[] {0, 5}, new int[] {e.offsetStarts()[0], e.offsetEnds()[0]});
        assertEquals("hello [UNK] world", t.decode(e.ids(), false));
        assertEquals("hello world", t.decode(e.ids(), true));
        assertEquals(3, t.vocabSize());
        assertEquals(0, t.encode("", true).length());
    }

    @Test
    void addedTokenFlagsFollowHuggingFace() {
        int mask = 100;
        PipelineTokenizer t = words(List.of(new AddedToken(mask, "<mask>", true, true, true, false, false),
                new AddedToken(101, "[CLS]", false, false, false, false, true)));
        // lstrip/rstrip swallow the spaces around <mask>; single_word rejects it inside a word.
        Encoding e = t.encode("[CLS] hi <mask> there a<mask>", false);
        assertEquals(101, e.ids()[0]);
        assertEquals(mask, e.ids()[2]);
        assertEquals(" <mask> ", e.tokens()[2]);
        assertEquals(8, e.offsetStarts()[2]);
        assertEquals(16, e.offsetEnds()[2]);
        assertTrue(e.length() > 4 && e.ids()[e.length() - 1] != mask, java.util.Arrays.toString(e.tokens()));
    }

    @Test
    void normalizedAddedTokensMatchAfterNormalization() {
        PipelineTokenizer t = words(List.of(new AddedToken(100, "yesterday", false, false, false, true, false)));
        assertArrayEquals(new int[] {100}, t.encode("YESTERDAY", false).ids());
    }

    @Test
    void longestFirstTruncationSplitsLikeHuggingFace() {
        PipelineTokenizer t = Tokenizers.words(List.of("a"));
        int[][] cases = {{0, 2, 0, 2}, {2, 8, 2, 5}, {4, 4, 3, 4}, {8, 2, 5, 2}, {8, 8, 3, 4}, {4, 8, 3, 4}};
        for (int[] c : cases) {
            List<Encoding> r = t.encodePairBatch(List.of(new TextPair(" a".repeat(c[0]), " a".repeat(c[1]))),
                    new BatchOptions(false, Truncation.right(7), null));
            int n1 = count(r.get(0).typeIds(), 0);
            int n2 = count(r.get(0).typeIds(), 1);
            assertArrayEquals(new int[] {c[2], c[3]}, new int[] {n1, n2}, java.util.Arrays.toString(c));
        }
    }

    private static int count(int[] a, int v) {
        int n = 0;
        for (int x : a) {
            n += x == v ? 1 : 0;
        }
        return n;
    }

    @Test
    void onlyFirstAndOnlySecondTruncation() {
        PipelineTokenizer t = Tokenizers.words(List.of("a", "b"));
        TextPair p = new TextPair("a a a a", "b b b");
        Encoding e = t.encodePairBatch(List.of(p), new BatchOptions(false,
                new Truncation(5, TruncationStrategy.ONLY_FIRST, Direction.LEFT), null)).get(0);
        assertArrayEquals(new int[] {1, 1, 2, 2, 2}, e.ids());
        Encoding f = t.encodePairBatch(List.of(p), new BatchOptions(false,
                new Truncation(5, TruncationStrategy.ONLY_SECOND, Direction.RIGHT), null)).get(0);
        assertArrayEquals(new int[] {1, 1, 1, 1, 2}, f.ids());
        TokenizerException tooShort = assertThrows(TokenizerException.class, () -> t.encodePairBatch(List.of(p),
                new BatchOptions(false, new Truncation(2, TruncationStrategy.ONLY_SECOND, Direction.RIGHT), null)));
        assertTrue(tooShort.getMessage().contains("second"), tooShort.getMessage());
        assertThrows(TokenizerException.class, () -> t.encodeBatch(List.of("a a a"), new BatchOptions(false,
                new Truncation(1, TruncationStrategy.ONLY_SECOND, Direction.RIGHT), null)));
    }

    @Test
    void paddingToAMultipleOnEitherSide() {
        PipelineTokenizer t = Tokenizers.words(List.of("a"));
        List<Encoding> r = t.encodeBatch(List.of("a", "a a a a a"), new BatchOptions(false, null,
                new Padding(PaddingStrategy.LONGEST, 0, 4, Direction.LEFT, 9, 3, "[PAD]")));
        assertArrayEquals(new int[] {9, 9, 9, 9, 9, 9, 9, 1}, r.get(0).ids());
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 0, 1}, r.get(0).attentionMask());
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 0}, r.get(0).specialTokensMask());
        assertEquals(3, r.get(0).typeIds()[0]);
        assertEquals(8, r.get(1).length());
        List<Encoding> fixed = t.encodeBatch(List.of("a a a"), new BatchOptions(false, null,
                Padding.fixed(2, Direction.RIGHT, 9, "[PAD]")));
        assertEquals(3, fixed.get(0).length());
        assertEquals(List.of(), t.encodeBatch(List.of(), new BatchOptions(true, Truncation.right(3),
                Padding.longest(0, "[PAD]"))));
    }

    @Test
    void llama3OffsetsPointBackIntoTheText() {
        PipelineTokenizer t = Fixtures.tokenizer("llama3");
        Random r = new Random(7);
        String[] parts = {"Hello", " world", "\u00e9t\u00e9", " \uD83D\uDE00", "\n\n", "123456", " <|end_of_text|>",
                "\u4e2d\u6587", "  ", "'s"};
        for (int k = 0; k < 200; k++) {
            StringBuilder sb = new StringBuilder();
            for (int i = r.nextInt(8); i >= 0; i--) {
                sb.append(parts[r.nextInt(parts.length)]);
            }
            String text = sb.toString();
            Encoding e = t.encode(text, false);
            // Offsets lie in the text and never go backwards (pieces of one character share its span).
            int prevStart = 0;
            for (int i = 0; i < e.length(); i++) {
                assertTrue(e.offsetStarts()[i] <= e.offsetEnds()[i], text);
                assertTrue(e.offsetStarts()[i] >= prevStart, text + ": token " + i + " starts before token " + (i - 1));
                assertTrue(e.offsetEnds()[i] <= text.length(), text);
                prevStart = e.offsetStarts()[i];
            }
            assertEquals(text, t.decode(e.ids(), false));
        }
        Encoding e = t.encode("Hi <|end_of_text|>", false);
        assertEquals(3, e.length());
        assertEquals("<|end_of_text|>", text("Hi <|end_of_text|>", e, 2));
        assertEquals(" <", text(" <", t.encode(" <", false), 0));
    }

    private static String text(String s, Encoding e, int i) {
        return s.substring(e.offsetStarts()[i], e.offsetEnds()[i]);
    }

    @Test
    void invalidInputBehavesAsHuggingFace() {
        PipelineTokenizer t = Fixtures.tokenizer("llama3");
        // A lone surrogate reaches a UTF-8 tokenizer as U+FFFD.
        assertArrayEquals(t.encode("a\uFFFDb", false).ids(), t.encode("a\uD800b", false).ids());
        assertEquals("a\u0000b", t.decode(t.encode("a\u0000b", false).ids(), false));
        String huge = "x".repeat(200_000);
        assertEquals(huge, t.decode(t.encode(huge, false).ids(), false));
        TokenizerException e = assertThrows(TokenizerException.class, () -> t.decode(new int[] {5, 999_999}, false));
        assertTrue(e.getMessage().contains("999999"), e.getMessage());
    }

    @Test
    void pairsGetTypeIdsFromTheTemplate() {
        PipelineTokenizer bert = Fixtures.tokenizer("bert-base-uncased");
        Encoding e = bert.encodePair("hello", "world", true);
        assertArrayEquals(new int[] {101, 7592, 102, 2088, 102}, e.ids());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1}, e.typeIds());
        assertArrayEquals(new int[] {1, 0, 1, 0, 1}, e.specialTokensMask());
        assertArrayEquals(new int[] {7592, 2088}, bert.encodePair("hello", "world", false).ids());
        assertEquals(30522, bert.vocabSize());
        assertEquals(101, bert.tokenToId("[CLS]").getAsInt());
        assertTrue(bert.tokenToId("no-such-token").isEmpty());
    }
}
