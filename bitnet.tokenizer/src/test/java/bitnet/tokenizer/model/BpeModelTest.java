package bitnet.tokenizer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import bitnet.api.tokenizer.TokenizerException;

class BpeModelTest {

    private static Map<String, Integer> vocab(String... tokens) {
        Map<String, Integer> v = new HashMap<>();
        for (String t : tokens) {
            v.put(t, v.size());
        }
        return v;
    }

    private static int[] ids(Model m, String word) {
        TokenBuffer b = new TokenBuffer();
        m.tokenize(word, b);
        int[] r = new int[b.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = b.id(i);
        }
        return r;
    }

    @Test
    void mergesByRankNotByPosition() {
        Map<String, Integer> v = vocab("u", "n", "r", "e", "l", "a", "t", "d", "re", "at", "ed", "un", "ated", "rel",
                "related", "unrelated");
        List<String[]> merges = List.of(new String[] {"r", "e"}, new String[] {"a", "t"}, new String[] {"e", "d"},
                new String[] {"u", "n"}, new String[] {"at", "ed"}, new String[] {"re", "l"},
                new String[] {"rel", "ated"}, new String[] {"un", "related"});
        BpeModel m = new BpeModel(v, merges, BpeModel.Options.plain());
        assertArrayEquals(new int[] {15}, ids(m, "unrelated"));
        // "reed": r+e (rank 0) wins over e+d (rank 2) at the first e; the tail keeps e, d -> ed.
        Map<String, Integer> v2 = vocab("r", "e", "d", "re", "ed");
        BpeModel m2 = new BpeModel(v2, List.of(new String[] {"r", "e"}, new String[] {"e", "d"}),
                BpeModel.Options.plain());
        assertArrayEquals(new int[] {3, 4}, ids(m2, "reed"));
    }

    @Test
    void equalRankMergesTheLeftmostPairFirst() {
        Map<String, Integer> v = vocab("a", "aa");
        BpeModel m = new BpeModel(v, List.<String[]>of(new String[] {"a", "a"}), BpeModel.Options.plain());
        assertArrayEquals(new int[] {1, 0}, ids(m, "aaa"));
        assertArrayEquals(new int[] {1, 1}, ids(m, "aaaa"));
        assertArrayEquals(new int[] {0}, ids(m, "a"));
    }

    @Test
    void unknownCharactersAreFusedOnlyWhenAsked() {
        Map<String, Integer> v = vocab("<unk>", "a", "b");
        BpeModel plain = new BpeModel(v, List.of(), new BpeModel.Options("<unk>", null, null, false, false, false));
        BpeModel fused = new BpeModel(v, List.of(), new BpeModel.Options("<unk>", null, null, true, false, false));
        assertArrayEquals(new int[] {1, 0, 0, 2}, ids(plain, "accb"));
        assertArrayEquals(new int[] {1, 0, 2}, ids(fused, "accb"));
    }

    @Test
    void byteFallbackSpellsUnknownCharactersAsUtf8Bytes() {
        Map<String, Integer> v = vocab("<unk>", "a");
        for (int b = 0; b < 256; b++) {
            v.put(String.format("<0x%02X>", b), v.size());
        }
        BpeModel m = new BpeModel(v, List.of(), new BpeModel.Options("<unk>", null, null, true, true, false));
        // U+00E9 is C3 A9 in UTF-8.
        assertArrayEquals(new int[] {1, v.get("<0xC3>"), v.get("<0xA9>")}, ids(m, "a\u00e9"));
    }

    @Test
    void ignoreMergesTakesWholeWordsFromTheVocabulary() {
        Map<String, Integer> v = vocab("a", "b", "ab", "abab");
        BpeModel m = new BpeModel(v, List.<String[]>of(new String[] {"a", "b"}),
                new BpeModel.Options(null, null, null, false, false, true));
        assertArrayEquals(new int[] {3}, ids(m, "abab"));
        assertArrayEquals(new int[] {2, 2, 0}, ids(m, "ababa"));
    }

    @Test
    void continuingPrefixIsAddedAfterTheFirstSymbol() {
        Map<String, Integer> v = vocab("a", "##b", "##c", "ab", "abc");
        BpeModel m = new BpeModel(v, List.of(new String[] {"a", "##b"}, new String[] {"ab", "##c"}),
                new BpeModel.Options("[UNK]", "##", null, false, false, false));
        assertArrayEquals(new int[] {4}, ids(m, "abc"));
    }

    @Test
    void offsetsCoverTheWordInUtf16Units() {
        Map<String, Integer> v = vocab("x", "\uD83D\uDE00", "x\uD83D\uDE00");
        BpeModel m = new BpeModel(v, List.<String[]>of(new String[] {"x", "\uD83D\uDE00"}), BpeModel.Options.plain());
        TokenBuffer b = new TokenBuffer();
        m.tokenize("x\uD83D\uDE00x", b);
        assertEquals(2, b.size());
        assertEquals(0, b.start(0));
        assertEquals(3, b.end(0));
        assertEquals(3, b.start(1));
        assertEquals(4, b.end(1));
    }

    @Test
    void mergeWithUnknownTokenFailsNamingIt() {
        TokenizerException e = assertThrows(TokenizerException.class, () -> new BpeModel(vocab("a", "b"),
                List.<String[]>of(new String[] {"a", "c"}), BpeModel.Options.plain()));
        assertTrue(e.getMessage().contains("'c'"), e.getMessage());
    }

    @Test
    void longWordsAreTokenizedWithoutCaching() {
        Map<String, Integer> v = vocab("a", "aa");
        BpeModel m = new BpeModel(v, List.<String[]>of(new String[] {"a", "a"}), BpeModel.Options.plain());
        String word = "a".repeat(100_001);
        int[] r = ids(m, word);
        assertEquals(50_001, r.length);
        assertEquals(0, r[r.length - 1]);
    }
}
