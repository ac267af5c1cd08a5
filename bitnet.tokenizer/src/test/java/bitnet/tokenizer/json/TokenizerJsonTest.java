package bitnet.tokenizer.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import bitnet.api.tokenizer.Encoding;
import bitnet.api.tokenizer.TokenizerException;
import bitnet.tokenizer.pipeline.PipelineTokenizer;

class TokenizerJsonTest {

    private static PipelineTokenizer read(String json) throws IOException {
        return TokenizerJson.read(new ByteArrayInputStream(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8)));
    }

    private static String wordLevel(String extra) {
        return "{'model': {'type': 'WordLevel', 'vocab': {'[UNK]': 0, 'hello': 1, 'world': 2, 'HELLO': 3},"
                + " 'unk_token': '[UNK]'}" + extra + "}";
    }

    @Test
    void wordLevelWithNormalizerPreTokenizerTemplateAndPadding() throws IOException {
        PipelineTokenizer t = read(wordLevel(", 'normalizer': {'type': 'Sequence', 'normalizers': [{'type': 'NFKC'},"
                + " {'type': 'Lowercase'}, {'type': 'Strip', 'strip_left': true, 'strip_right': true}]},"
                + " 'pre_tokenizer': {'type': 'Sequence', 'pretokenizers': [{'type': 'WhitespaceSplit'},"
                + " {'type': 'Punctuation'}]},"
                + " 'post_processor': {'type': 'BertProcessing', 'sep': ['world', 2], 'cls': ['hello', 1]},"
                + " 'padding': {'strategy': {'Fixed': 6}, 'direction': 'Right', 'pad_id': 0, 'pad_type_id': 0,"
                + " 'pad_token': '[UNK]'}, 'truncation': {'max_length': 5, 'strategy': 'LongestFirst',"
                + " 'direction': 'Right', 'stride': 0}"));
        Encoding e = t.encode("  HELLO, World  WORLD world", true);
        assertArrayEquals(new int[] {1, 1, 0, 2, 2, 0}, e.ids());
        assertArrayEquals(new int[] {1, 0, 0, 0, 1, 1}, e.specialTokensMask());
    }

    @Test
    void unsupportedComponentsAreNamed() {
        TokenizerException m = assertThrows(TokenizerException.class,
                () -> read("{'model': {'type': 'Unigram', 'vocab': []}}"));
        assertTrue(m.getMessage().contains("'Unigram'"), m.getMessage());
        TokenizerException n = assertThrows(TokenizerException.class,
                () -> read(wordLevel(", 'normalizer': {'type': 'Precompiled', 'precompiled_charsmap': ''}")));
        assertTrue(n.getMessage().contains("normalizer 'Precompiled'"), n.getMessage());
        TokenizerException p = assertThrows(TokenizerException.class,
                () -> read(wordLevel(", 'pre_tokenizer': {'type': 'UnicodeScripts'}")));
        assertTrue(p.getMessage().contains("pre-tokenizer 'UnicodeScripts'"), p.getMessage());
        TokenizerException d = assertThrows(TokenizerException.class,
                () -> read(wordLevel(", 'decoder': {'type': 'CTC'}")));
        assertTrue(d.getMessage().contains("decoder 'CTC'"), d.getMessage());
        TokenizerException q = assertThrows(TokenizerException.class,
                () -> read(wordLevel(", 'post_processor': {'type': 'Mystery'}")));
        assertTrue(q.getMessage().contains("post-processor 'Mystery'"), q.getMessage());
    }

    @Test
    void malformedFilesFailClearly() {
        assertThrows(TokenizerException.class, () -> read("{'model': "));
        TokenizerException e = assertThrows(TokenizerException.class, () -> read("{'normalizer': null}"));
        assertTrue(e.getMessage().contains("no \"model\""), e.getMessage());
        TokenizerException s = assertThrows(TokenizerException.class, () -> read(wordLevel(
                ", 'pre_tokenizer': {'type': 'Split', 'pattern': {'Regex': '(('}, 'behavior': 'Isolated'}")));
        assertTrue(s.getMessage().contains("regex"), s.getMessage());
    }

    @Test
    void bpeMergesInBothFormats() throws IOException {
        String v = "'vocab': {'a': 0, 'b': 1, 'ab': 2}";
        PipelineTokenizer strings = read("{'model': {'type': 'BPE', " + v + ", 'merges': ['a b']}}");
        PipelineTokenizer arrays = read("{'model': {'type': 'BPE', " + v + ", 'merges': [['a', 'b']]}}");
        assertArrayEquals(new int[] {2, 0}, strings.encode("aba", false).ids());
        assertArrayEquals(new int[] {2, 0}, arrays.encode("aba", false).ids());
        assertEquals("a b a", arrays.decode(new int[] {0, 1, 0}, false));
    }
}
