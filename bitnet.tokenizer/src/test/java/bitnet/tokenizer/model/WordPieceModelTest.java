package bitnet.tokenizer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import bitnet.api.tokenizer.TokenizerException;

class WordPieceModelTest {
    private final Map<String, Integer> vocab = new LinkedHashMap<>();

    WordPieceModelTest() {
        for (String t : new String[] {"[UNK]", "un", "##aff", "##able", "una", "##ff"}) {
            vocab.put(t, vocab.size());
        }
    }

    private int[] ids(Model m, String w) {
        TokenBuffer b = new TokenBuffer();
        m.tokenize(w, b);
        int[] r = new int[b.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = b.id(i);
        }
        return r;
    }

    @Test
    void greedyLongestMatchFirst() {
        WordPieceModel m = new WordPieceModel(vocab, "[UNK]", "##", 100);
        // "una" is longer than "un", so greedy takes it and continues with "##ff" + "##able".
        assertArrayEquals(new int[] {4, 5, 3}, ids(m, "unaffable"));
    }

    @Test
    void uncoverableOrOverlongWordsAreOneUnknown() {
        WordPieceModel m = new WordPieceModel(vocab, "[UNK]", "##", 8);
        assertArrayEquals(new int[] {0}, ids(m, "unx"));
        assertArrayEquals(new int[] {0}, ids(m, "unaffable"));
    }

    @Test
    void missingUnknownTokenIsRejected() {
        assertThrows(TokenizerException.class, () -> new WordPieceModel(Map.of("a", 0), "[UNK]", "##", 100));
    }
}
