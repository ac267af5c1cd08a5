package bitnet.model.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import bitnet.api.model.ModelFormatException;
import bitnet.api.tokenizer.Tokenizer;
import bitnet.tokenizer.service.FileTokenizerFactory;

/** A hand-made vocabulary: what the document holds, how it encodes, and one failure per kind of bad metadata. */
class GgufTokenizerJsonTest {
    private static final Path FILE = Path.of("tiny.gguf");

    /** ids: a=0 b=1 ab=2 Ġ=3 Ġa=4 <s>=5 </s>=6 <user>=7 <|reserved|>=8 */
    private static Map<String, Object> tiny() {
        Map<String, Object> m = new HashMap<>();
        m.put(GgufTokenizerJson.MODEL, "gpt2");
        m.put(GgufTokenizerJson.PRE, "llama-bpe");
        m.put(GgufTokenizerJson.TOKENS, new ArrayList<>(List.of("a", "b", "ab", "Ġ", "Ġa", "<s>", "</s>", "<user>",
                "<|reserved|>")));
        m.put(GgufTokenizerJson.TOKEN_TYPE, new ArrayList<>(List.of(1L, 1L, 1L, 1L, 1L, 3L, 3L, 4L, 3L)));
        m.put(GgufTokenizerJson.MERGES, new ArrayList<>(List.of("a b", "Ġ a")));
        m.put(GgufTokenizerJson.BOS_ID, 5L);
        m.put(GgufTokenizerJson.EOS_ID, 6L);
        return m;
    }

    private static Tokenizer load(Map<String, Object> metadata, Path dir) throws IOException {
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, GgufTokenizerJson.build(metadata, FILE), StandardCharsets.UTF_8);
        return new FileTokenizerFactory().load(file);
    }

    private static JsonNode document(Map<String, Object> metadata) throws IOException {
        return HfToGgufMetadata.MAPPER.readTree(GgufTokenizerJson.build(metadata));
    }

    @Test
    void controlTokensAreSpecialAndUserDefinedOnesAreNot() throws IOException {
        JsonNode added = document(tiny()).get("added_tokens");
        assertEquals(4, added.size());
        assertEquals("<s>", added.get(0).get("content").asText());
        assertEquals(5, added.get(0).get("id").asInt());
        assertTrue(added.get(0).get("special").asBoolean());
        assertEquals("<user>", added.get(2).get("content").asText());
        assertFalse(added.get(2).get("special").asBoolean());
        assertEquals("<|reserved|>", added.get(3).get("content").asText());
        assertTrue(added.get(3).get("special").asBoolean());
    }

    @Test
    void llamaBpeIgnoresMergesAndAddsBosByDefault(@TempDir Path dir) throws IOException {
        JsonNode doc = document(tiny());
        assertTrue(doc.get("model").get("ignore_merges").asBoolean());
        assertEquals("ByteLevel", doc.get("decoder").get("type").asText());
        Tokenizer tok = load(tiny(), dir);
        // "ab" -> a b -> ab; " ab" -> Ġ a b: merge rank 0 (a b) wins over rank 1 (Ġ a) -> Ġ ab.
        assertArrayEquals(new int[] {5, 2, 3, 2}, tok.encode("ab ab", true).ids());
        assertArrayEquals(new int[] {2, 3, 2}, tok.encode("ab ab", false).ids());
        assertEquals("<s>ab ab", tok.decode(new int[] {5, 2, 3, 2}, false));
        assertEquals("ab ab", tok.decode(new int[] {5, 2, 3, 2}, true));
        assertArrayEquals(new int[] {0, 7}, tok.encode("a<user>", false).ids());
        assertEquals("a<user>", tok.decode(new int[] {0, 7}, true));
    }

    @Test
    void addBosFalseAndAddEosTrueShapeTheTemplate(@TempDir Path dir) throws IOException {
        Map<String, Object> m = tiny();
        m.put(GgufTokenizerJson.ADD_BOS, false);
        m.put(GgufTokenizerJson.ADD_EOS, true);
        assertArrayEquals(new int[] {2, 6}, load(m, dir).encode("ab", true).ids());
        m.put(GgufTokenizerJson.ADD_EOS, false);
        assertEquals("ByteLevel", document(m).get("post_processor").get("type").asText());
    }

    @Test
    void gpt2PreTokenizerKeepsMergesAndAddsNothing(@TempDir Path dir) throws IOException {
        Map<String, Object> m = tiny();
        m.put(GgufTokenizerJson.PRE, "gpt2");
        JsonNode doc = document(m);
        assertFalse(doc.get("model").get("ignore_merges").asBoolean());
        assertEquals("ByteLevel", doc.get("pre_tokenizer").get("type").asText());
        assertTrue(doc.get("pre_tokenizer").get("use_regex").asBoolean());
        assertArrayEquals(new int[] {2, 3, 2}, load(m, dir).encode("ab ab", true).ids());
    }

    @Test
    void withoutTokenTypesEveryTokenIsNormalButBosStaysSpecial() throws IOException {
        Map<String, Object> m = tiny();
        m.remove(GgufTokenizerJson.TOKEN_TYPE);
        JsonNode added = document(m).get("added_tokens");
        assertEquals(2, added.size());
        assertEquals("<s>", added.get(0).get("content").asText());
        assertEquals("</s>", added.get(1).get("content").asText());
    }

    private static void assertFails(Map<String, Object> m, String... expectedParts) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> GgufTokenizerJson.build(m, FILE));
        assertEquals(FILE, e.file());
        assertTrue(e.getMessage().startsWith("tiny.gguf: "), e.getMessage());
        for (String part : expectedParts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should mention '" + part + "'");
        }
    }

    @Test
    void missingTokensFail() {
        Map<String, Object> m = tiny();
        m.remove(GgufTokenizerJson.TOKENS);
        assertFails(m, "tokenizer.ggml.tokens is missing");
    }

    @Test
    void tokenTypesOfAnotherLengthFail() {
        Map<String, Object> m = tiny();
        m.put(GgufTokenizerJson.TOKEN_TYPE, List.of(1L, 1L, 1L));
        assertFails(m, "tokenizer.ggml.token_type has 3 entries", "has 9");
    }

    @Test
    void tokenTypeOutOfRangeFails() {
        Map<String, Object> m = tiny();
        List<Object> types = new ArrayList<>(List.of(1L, 1L, 1L, 1L, 1L, 3L, 3L, 4L, 9L));
        m.put(GgufTokenizerJson.TOKEN_TYPE, types);
        assertFails(m, "tokenizer.ggml.token_type[8] is 9");
    }

    @Test
    void mergeNamingAnUnknownTokenFails() {
        Map<String, Object> m = tiny();
        m.put(GgufTokenizerJson.MERGES, List.of("a b", "Ġ c"));
        assertFails(m, "tokenizer.ggml.merges[1] 'Ġ c'", "'c'");
    }

    @Test
    void mergeWhoseResultIsUnknownFails() {
        Map<String, Object> m = tiny();
        m.put(GgufTokenizerJson.MERGES, List.of("b a"));
        assertFails(m, "tokenizer.ggml.merges[0] 'b a'", "'ba'");
    }

    @Test
    void mergeWithoutSeparatorFails() {
        Map<String, Object> m = tiny();
        m.put(GgufTokenizerJson.MERGES, List.of("ab"));
        assertFails(m, "tokenizer.ggml.merges[0] is 'ab'");
    }

    @Test
    void missingMergesFail() {
        Map<String, Object> m = tiny();
        m.remove(GgufTokenizerJson.MERGES);
        assertFails(m, "tokenizer.ggml.merges is missing");
    }

    @Test
    void sentencePieceModelIsRejected() {
        Map<String, Object> m = tiny();
        m.put(GgufTokenizerJson.MODEL, "llama");
        assertFails(m, "tokenizer.ggml.model is 'llama'", "only 'gpt2'");
    }

    @Test
    void missingModelFails() {
        Map<String, Object> m = tiny();
        m.remove(GgufTokenizerJson.MODEL);
        assertFails(m, "tokenizer.ggml.model is missing");
    }

    @Test
    void unknownPreTokenizerFails() {
        Map<String, Object> m = tiny();
        m.put(GgufTokenizerJson.PRE, "qwen2");
        assertFails(m, "tokenizer.ggml.pre is 'qwen2'", "llama-bpe");
    }

    @Test
    void specialIdOutsideTheVocabularyFails() {
        Map<String, Object> m = tiny();
        m.put(GgufTokenizerJson.EOS_ID, 9L);
        assertFails(m, "tokenizer.ggml.eos_token_id is 9");
    }

    @Test
    void addBosWithoutBosIdFails() {
        Map<String, Object> m = tiny();
        m.remove(GgufTokenizerJson.BOS_ID);
        assertFails(m, "add_bos_token is true", "bos_token_id is missing");
    }

    @Test
    void wronglyTypedValuesFail() {
        Map<String, Object> m = tiny();
        m.put(GgufTokenizerJson.ADD_BOS, 1L);
        assertFails(m, "tokenizer.ggml.add_bos_token must be a bool, got long");
        Map<String, Object> m2 = tiny();
        m2.put(GgufTokenizerJson.TOKENS, List.of("a", 2L));
        assertFails(m2, "tokenizer.ggml.tokens[1] must be a string, got long");
    }

    @Test
    void aPlainTokenTwiceFails() {
        Map<String, Object> m = tiny();
        m.put(GgufTokenizerJson.TOKENS, List.of("a", "b", "ab", "Ġ", "Ġa", "<s>", "</s>", "<user>", "a"));
        m.put(GgufTokenizerJson.TOKEN_TYPE, List.of(1L, 1L, 1L, 1L, 1L, 3L, 3L, 4L, 1L));
        assertFails(m, "'a' twice, at ids 0 and 8");
    }

    @Test
    void theOneArgumentFormNamesAPlaceholderFile() {
        Map<String, Object> m = tiny();
        m.remove(GgufTokenizerJson.TOKENS);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> GgufTokenizerJson.build(m));
        assertEquals(Path.of("<gguf>"), e.file());
    }
}
