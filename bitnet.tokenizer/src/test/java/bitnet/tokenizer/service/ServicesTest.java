package bitnet.tokenizer.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import bitnet.api.tokenizer.BatchOptions;
import bitnet.api.tokenizer.TextPair;
import bitnet.api.tokenizer.Tokenizer;
import bitnet.api.tokenizer.TokenizerException;
import bitnet.tokenizer.golden.Fixtures;

class ServicesTest {

    private static NamedTokenizer.Config config(String name, String path) {
        return new NamedTokenizer.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return NamedTokenizer.Config.class;
            }

            @Override
            public String bitnet_tokenizer_name() {
                return name;
            }

            @Override
            public String path() {
                return path;
            }
        };
    }

    @Test
    void factoryPrefersTokenizerJsonInAFolder(@TempDir Path dir) throws Exception {
        Fixtures.extract("models/bert-base-uncased.vocab.txt.gz", dir.resolve("vocab.txt"));
        Tokenizer fromTxt = new FileTokenizerFactory().load(dir);
        assertArrayEquals(new int[] {101, 7592, 102}, fromTxt.encode("Hello", true).ids());
        Fixtures.extract("models/gpt2.tokenizer.json.gz", dir.resolve("tokenizer.json"));
        Tokenizer fromJson = new FileTokenizerFactory().load(dir);
        assertArrayEquals(new int[] {15496}, fromJson.encode("Hello", true).ids());
    }

    @Test
    void factoryExplainsWhatIsMissing(@TempDir Path dir) throws Exception {
        TokenizerException e = assertThrows(TokenizerException.class, () -> new FileTokenizerFactory().load(dir));
        assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
        Path vocab = Files.writeString(dir.resolve("vocab.json"), "{}");
        TokenizerException m = assertThrows(TokenizerException.class, () -> new FileTokenizerFactory().load(vocab));
        assertTrue(m.getMessage().contains("merges.txt"), m.getMessage());
        assertThrows(TokenizerException.class, () -> new FileTokenizerFactory().load(dir.resolve("nope.json")));
    }

    @Test
    void namedTokenizerDelegatesToTheConfiguredFiles(@TempDir Path dir) {
        Path json = Fixtures.extract("models/gpt2.tokenizer.json.gz", dir.resolve("tokenizer.json"));
        NamedTokenizer t = new NamedTokenizer(config("gpt2", json.toString()));
        assertEquals("gpt2", t.name());
        assertEquals(50257, t.vocabSize());
        assertArrayEquals(new int[] {15496, 995}, t.encode("Hello world", false).ids());
        assertEquals("Hello world", t.decode(new int[] {15496, 995}, false));
        assertEquals(2, t.encodeBatch(List.of("a", "b"), BatchOptions.of(true)).size());
        assertEquals(2, t.encodePair("a", "b", true).length());
        assertEquals(1, t.encodePairBatch(List.of(new TextPair("a", "b")), BatchOptions.of(false)).size());
        assertEquals(List.of("Hello"), t.decodeBatch(List.of(new int[] {15496}), true));
        assertEquals(50256, t.tokenToId("<|endoftext|>").getAsInt());
        assertEquals("<|endoftext|>", t.idToToken(50256));
    }

    @Test
    void namedTokenizerRejectsIncompleteConfiguration() {
        assertThrows(TokenizerException.class, () -> new NamedTokenizer(config(" ", "/x")));
        assertThrows(TokenizerException.class, () -> new NamedTokenizer(config("x", "")));
    }
}
