package bitnet.model.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import bitnet.api.tokenizer.Tokenizer;
import bitnet.tokenizer.service.FileTokenizerFactory;

/**
 * A real tokenizer.json converted to GGUF metadata (as llama.cpp's converter does), rebuilt by
 * {@link GgufTokenizerJson} and loaded by the platform's tokenizer factory must encode and decode every golden record
 * exactly as Hugging Face's Rust library did.
 */
class GgufTokenizerJsonGoldenTest {
    private static Map<String, Object> llama3;

    @BeforeAll
    static void convertLlama3() {
        llama3 = HfToGgufMetadata.convert(HfToGgufMetadata.json("llama3.tokenizer.json.gz"));
        llama3.put(GgufTokenizerJson.BOS_ID, 128000L);
        llama3.put(GgufTokenizerJson.EOS_ID, 128001L);
        llama3.put(GgufTokenizerJson.EOT_ID, 128009L);
    }

    private static Tokenizer load(Map<String, Object> metadata, Path dir) throws IOException {
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, GgufTokenizerJson.build(metadata, Path.of("test.gguf")), StandardCharsets.UTF_8);
        return new FileTokenizerFactory().load(file);
    }

    private static int[] ints(JsonNode array) {
        int[] r = new int[array.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = array.get(i).asInt();
        }
        return r;
    }

    private static String abbreviate(int[] ids) {
        String s = Arrays.toString(ids);
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }

    /** @return one line per record that differs from the reference, naming the field */
    private static List<String> mismatches(Tokenizer tok, List<JsonNode> records) {
        List<String> bad = new ArrayList<>();
        for (JsonNode r : records) {
            String text = r.get("text").asText();
            String id = "record " + r.get("id").asInt() + " (" + r.get("src").asText() + ")";
            int[] ids = tok.encode(text, false).ids();
            int[] idsSpecial = tok.encode(text, true).ids();
            if (!Arrays.equals(ints(r.get("ids")), ids)) {
                bad.add(id + " ids " + abbreviate(ids));
            }
            if (!Arrays.equals(ints(r.get("ids_special")), idsSpecial)) {
                bad.add(id + " ids_special " + abbreviate(idsSpecial));
            }
            if (!r.get("decoded").asText().equals(tok.decode(ints(r.get("ids")), false))) {
                bad.add(id + " decoded");
            }
            if (!r.get("decoded_skip_special").asText().equals(tok.decode(ints(r.get("ids_special")), true))) {
                bad.add(id + " decoded_skip_special");
            }
        }
        return bad;
    }

    private static void assertGolden(Tokenizer tok, String golden) {
        List<JsonNode> records = HfToGgufMetadata.golden(golden);
        assertTrue(records.size() > 2000, golden + " has " + records.size() + " records");
        List<String> bad = mismatches(tok, records);
        assertEquals(List.of(), bad.subList(0, Math.min(5, bad.size())), bad.size() + " mismatches in " + golden);
    }

    @Test
    void llama3WithoutBosMatchesHuggingFace(@TempDir Path dir) throws IOException {
        llama3.put(GgufTokenizerJson.PRE, "llama-bpe");
        llama3.put(GgufTokenizerJson.ADD_BOS, false);
        Tokenizer tok = load(llama3, dir);
        assertEquals(128256, tok.vocabSize());
        assertGolden(tok, "llama3.jsonl.gz");
    }

    @Test
    void llama3WithBosMatchesHuggingFace(@TempDir Path dir) throws IOException {
        llama3.put(GgufTokenizerJson.PRE, "llama-bpe");
        llama3.put(GgufTokenizerJson.ADD_BOS, true);
        assertGolden(load(llama3, dir), "llama3-bos.jsonl.gz");
    }

    @Test
    void bitnetFileWithoutPreOrAddBosIsLlama3AddingBos(@TempDir Path dir) throws IOException {
        llama3.remove(GgufTokenizerJson.PRE);
        llama3.remove(GgufTokenizerJson.ADD_BOS);
        Tokenizer tok = load(llama3, dir);
        // "Hello world" in LLaMA-3: Hello=9906, " world"=1917; BOS first, as llama.cpp adds it for llama-bpe.
        assertArrayEquals(new int[] {128000, 9906, 1917}, tok.encode("Hello world", true).ids());
        assertArrayEquals(new int[] {9906, 1917}, tok.encode("Hello world", false).ids());
    }

    @Test
    void gpt2MatchesHuggingFace(@TempDir Path dir) throws IOException {
        Map<String, Object> gpt2 = HfToGgufMetadata.convert(HfToGgufMetadata.json("gpt2.tokenizer.json.gz"));
        gpt2.put(GgufTokenizerJson.PRE, "gpt-2");
        gpt2.put(GgufTokenizerJson.BOS_ID, 50256L);
        gpt2.put(GgufTokenizerJson.EOS_ID, 50256L);
        Tokenizer tok = load(gpt2, dir);
        assertEquals(50257, tok.vocabSize());
        assertGolden(tok, "gpt2.jsonl.gz");
    }
}
