package bitnet.model.gguf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Test-side converter from a Hugging Face tokenizer.json to GGUF tokenizer metadata, done the way llama.cpp's
 * convert_hf_to_gguf.py does it: every token in id order, added special tokens as CONTROL (3), other added tokens as
 * USER_DEFINED (4), the rest NORMAL (1), merges as {@code "a b"} strings; values typed as the GGUF reader hands them
 * over (Long, Boolean, String, List).
 */
final class HfToGgufMetadata {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private HfToGgufMetadata() {
    }

    /**
     * @param tokenizerJson the parsed tokenizer.json
     * @return model, tokens, token types and merges; callers add pre-tokenizer, special ids and flags
     */
    static Map<String, Object> convert(JsonNode tokenizerJson) {
        Map<Integer, String> byId = new HashMap<>();
        Map<Integer, Long> typeById = new HashMap<>();
        tokenizerJson.get("model").get("vocab").properties()
                .forEach(e -> byId.put(e.getValue().asInt(), e.getKey()));
        for (JsonNode added : tokenizerJson.get("added_tokens")) {
            int id = added.get("id").asInt();
            byId.put(id, added.get("content").asText());
            typeById.put(id, added.get("special").asBoolean() ? 3L : 4L);
        }
        int size = byId.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        List<Object> tokens = new ArrayList<>(size);
        List<Object> types = new ArrayList<>(size);
        for (int id = 0; id < size; id++) {
            String t = byId.get(id);
            if (t == null) {
                throw new IllegalArgumentException("tokenizer.json has no token for id " + id);
            }
            tokens.add(t);
            types.add(typeById.getOrDefault(id, 1L));
        }
        List<Object> merges = new ArrayList<>();
        for (JsonNode m : tokenizerJson.get("model").get("merges")) {
            merges.add(m.isArray() ? m.get(0).asText() + " " + m.get(1).asText() : m.asText());
        }
        Map<String, Object> meta = new HashMap<>();
        meta.put("general.architecture", "bitnet-b1.58");
        meta.put(GgufTokenizerJson.MODEL, "gpt2");
        meta.put(GgufTokenizerJson.TOKENS, tokens);
        meta.put(GgufTokenizerJson.TOKEN_TYPE, types);
        meta.put(GgufTokenizerJson.MERGES, merges);
        return meta;
    }

    /**
     * @param resource a file under /gguf-tokenizer/, gunzipped when it ends in .gz
     * @return its text
     */
    static String resource(String resource) {
        try (InputStream raw = HfToGgufMetadata.class.getResourceAsStream("/gguf-tokenizer/" + resource)) {
            if (raw == null) {
                throw new IllegalArgumentException("missing test resource /gguf-tokenizer/" + resource);
            }
            InputStream in = resource.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param resource a tokenizer.json resource
     * @return it, parsed
     */
    static JsonNode json(String resource) {
        try {
            return MAPPER.readTree(resource(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param resource a golden .jsonl resource
     * @return its records, split on \n only (texts hold U+2028 and U+0085)
     */
    static List<JsonNode> golden(String resource) {
        List<JsonNode> out = new ArrayList<>();
        try {
            for (String line : resource(resource).split("\n")) {
                if (!line.isEmpty()) {
                    out.add(MAPPER.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
