package bitnet.tokenizer.golden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bitnet.tokenizer.json.TokenizerJson;
import bitnet.tokenizer.pipeline.PipelineTokenizer;

/**
 * The Hugging Face fixtures copied into test resources (gzipped): tokenizer files and the Rust library's outputs.
 * llama3-bos is llama3's file with its own post-processor, stored alone to keep the repository small.
 */
public final class Fixtures {
    /** Every tokenizer with golden outputs. */
    public static final List<String> NAMES = List.of("llama3", "llama3-bos", "mistral", "gpt2", "bert-base-uncased");
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, PipelineTokenizer> CACHE = new ConcurrentHashMap<>();

    private Fixtures() {
    }

    /**
     * @param resource a path under /tokenizers/
     * @return its bytes, gunzipped when it ends in .gz
     */
    public static byte[] bytes(String resource) {
        try (InputStream raw = Fixtures.class.getResourceAsStream("/tokenizers/" + resource)) {
            if (raw == null) {
                throw new IllegalArgumentException("missing test resource /tokenizers/" + resource);
            }
            InputStream in = resource.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param name a fixture name
     * @return its tokenizer.json as a tree
     */
    public static JsonNode tokenizerJson(String name) {
        try {
            if (name.equals("llama3-bos")) {
                ObjectNode root = (ObjectNode) MAPPER.readTree(bytes("models/llama3.tokenizer.json.gz"));
                root.set("post_processor", MAPPER.readTree(bytes("models/llama3-bos.post_processor.json")));
                return root;
            }
            return MAPPER.readTree(bytes("models/" + name + ".tokenizer.json.gz"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param name a fixture name
     * @return its tokenizer, loaded once
     */
    public static PipelineTokenizer tokenizer(String name) {
        return CACHE.computeIfAbsent(name, n -> TokenizerJson.read(tokenizerJson(n)));
    }

    /**
     * @param name a fixture name
     * @return the golden records, split on \n only
     */
    public static List<JsonNode> golden(String name) {
        String all = new String(bytes("golden/" + name + ".jsonl.gz"), StandardCharsets.UTF_8);
        List<JsonNode> out = new ArrayList<>();
        try {
            for (String line : all.split("\n")) {
                if (!line.isEmpty()) {
                    out.add(MAPPER.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * @param name a fixture name
     * @return seeded random texts and Hugging Face's outputs for them (bitnet.benchmarks/src/main/node/
     *     hf-tokenizers-fuzz.js, 1500 texts, seed 20261127, npm tokenizers 0.23.2)
     */
    public static List<JsonNode> fuzz(String name) {
        String all = new String(bytes("fuzz/" + name + ".fuzz.jsonl.gz"), StandardCharsets.UTF_8);
        List<JsonNode> out = new ArrayList<>();
        try {
            for (String line : all.split("\n")) {
                if (!line.isEmpty()) {
                    out.add(MAPPER.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * @param name a fixture name
     * @return the batch cases
     */
    public static JsonNode batch(String name) {
        try {
            return MAPPER.readTree(bytes("golden/" + name + ".batch.json.gz"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a resource to a file, gunzipped, for loaders that read files.
     *
     * @param resource the resource
     * @param target the file
     * @return the file
     */
    public static Path extract(String resource, Path target) {
        try {
            Files.write(target, bytes(resource));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[] ints(JsonNode array) {
        int[] r = new int[array.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = array.get(i).asInt();
        }
        return r;
    }

    static String[] strings(JsonNode array) {
        String[] r = new String[array.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = array.get(i).asText();
        }
        return r;
    }
}
