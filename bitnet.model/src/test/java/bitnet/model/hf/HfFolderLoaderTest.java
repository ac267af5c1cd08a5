package bitnet.model.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bitnet.api.model.Checkpoint;
import bitnet.api.model.LayerWeights;
import bitnet.api.model.ModelConfig;
import bitnet.api.model.TernaryLinear;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.model.fixtures.Encoders;
import bitnet.model.fixtures.HfFolder;
import bitnet.model.fixtures.Loading;
import bitnet.model.fixtures.Maps;
import bitnet.model.fixtures.SafetensorsWriter;
import bitnet.model.fixtures.TinyModel;

class HfFolderLoaderTest {
    private static final int VOCAB = 16;
    private static final int HIDDEN = 32;
    private static final int INTER = 64;
    private static final int LAYERS = 2;

    @TempDir
    Path dir;
    private final Loading loading = new Loading();
    private final TinyModel model = new TinyModel(7, VOCAB, HIDDEN, INTER, LAYERS, 4, 2);

    @AfterEach
    void close() {
        loading.close();
    }

    private static float[] values(Tensor t) {
        return t.toFloatArray();
    }

    /** Every projection's trits and scale, against what the fixture wrote. */
    private static void assertProjections(TinyModel model, Checkpoint c, boolean bitlinear) {
        for (int l = 0; l < model.layers.size(); l++) {
            LayerWeights got = c.layers().get(l);
            List<TernaryLinear> linears = List.of(got.q(), got.k(), got.v(), got.o(), got.gate(), got.up(),
                    got.down());
            List<TinyModel.Proj> expected = model.layers.get(l).projections();
            for (int i = 0; i < 7; i++) {
                TinyModel.Proj p = expected.get(i);
                TernaryLinear linear = linears.get(i);
                assertEquals(DType.TERNARY, linear.weights().dtype());
                assertArrayEquals(new long[] {p.out(), p.in()}, linear.weights().shape());
                assertArrayEquals(p.trits(), Loading.trits(linear), "layer " + l + " projection " + i);
                float scale = bitlinear ? 1f / HfFolder.bitlinearScale(p) : p.scale();
                assertArrayEquals(new float[] {scale}, values(linear.scale()), "layer " + l + " projection " + i);
            }
        }
    }

    private static void assertNorms(TinyModel model, Checkpoint c) {
        assertEquals(DType.F32, c.finalNorm().dtype());
        assertArrayEquals(model.finalNorm, values(c.finalNorm()));
        for (int l = 0; l < model.layers.size(); l++) {
            TinyModel.Layer want = model.layers.get(l);
            LayerWeights got = c.layers().get(l);
            assertArrayEquals(want.inputNorm(), values(got.inputNorm()));
            assertArrayEquals(want.attnSubNorm(), values(got.attnSubNorm()));
            assertArrayEquals(want.postAttentionNorm(), values(got.postAttentionNorm()));
            assertArrayEquals(want.ffnSubNorm(), values(got.ffnSubNorm()));
        }
    }

    /** Converted bytes of the tiny model: TERNARY at 4 per byte, F32 scales [1], F32 norms. */
    private static long convertedBytes() {
        long q = HIDDEN * HIDDEN / 4;
        long kv = (HIDDEN / 2) * HIDDEN / 4;
        long ff = INTER * HIDDEN / 4;
        long perLayer = q + kv + kv + q + ff + ff + ff + 7 * 4 + (HIDDEN + HIDDEN + HIDDEN + INTER) * 4;
        return LAYERS * perLayer + HIDDEN * 4;
    }

    @Test
    void autobitlinearFolderLoadsEveryTensorExactly() {
        Path folder = new HfFolder(model, "autobitlinear", false).write(dir.resolve("m"));
        long before = loading.bytesInUse();
        Checkpoint c = loading.open(folder);
        try {
            assertEquals("safetensors", c.format());
            assertEquals(folder, c.source());
            assertEquals(new ModelConfig("BitNetForCausalLM", VOCAB, HIDDEN, INTER, LAYERS, 4, 2, 8, 1e-5f,
                    500000f, 128, true), c.config());
            assertTrue(c.lmHead().isEmpty());
            assertEquals(DType.BF16, c.embedding().dtype());
            assertArrayEquals(new long[] {VOCAB, HIDDEN}, c.embedding().shape());
            assertArrayEquals(model.embedding, values(c.embedding()));
            assertNorms(model, c);
            assertProjections(model, c, false);

            assertEquals(Map.of("U8", 14, "BF16", 24), c.storedTypes());
            assertEquals(VOCAB * HIDDEN * 2, c.mappedBytes());
            assertEquals(convertedBytes(), c.convertedBytes());
            assertEquals(List.of(), c.notes());
            assertEquals(24, loading.progress.size());
            assertEquals("1/24 model.embed_tokens.weight", loading.progress.get(0));
            assertEquals("24/24 model.norm.weight", loading.progress.get(23));

            assertEquals(folder.resolve("tokenizer.json"), c.tokenizer().file());
            assertNull(c.tokenizer().json());
            assertEquals("{% for m in messages %}{{ m.content }}{% endfor %}", c.chatTemplate().orElseThrow());
            assertEquals("tokenizer_config.json", c.chatTemplateSource());
            assertEquals(OptionalInt.of(5), c.bosTokenId());
            assertTrue(c.addBosToken());
            assertEquals(Set.of(6, 7), c.stopTokenIds());
            assertTrue(Maps.isMapped(folder.resolve("model.safetensors")), "the embedding is read in place");
        } finally {
            c.close();
        }
        assertFalse(Maps.isMapped(folder.resolve("model.safetensors")));
        assertEquals(before, loading.bytesInUse());
    }

    @Test
    void bitlinearScalesDivide() {
        Path folder = new HfFolder(model, "bitlinear", false).write(dir.resolve("m"));
        try (Checkpoint c = loading.open(folder)) {
            assertProjections(model, c, true);
        }
    }

    @Test
    void withoutQuantizationConfigTheDefaultBitlinearClassDivides() {
        HfFolder f = new HfFolder(model, "bitlinear", false);
        f.config.remove("quantization_config");
        try (Checkpoint c = loading.open(f.write(dir.resolve("m")))) {
            assertProjections(model, c, true);
        }
    }

    @Test
    void untiedHeadIsReadInPlace() {
        Path folder = new HfFolder(model, "autobitlinear", true).write(dir.resolve("m"));
        try (Checkpoint c = loading.open(folder)) {
            assertFalse(c.config().tiedEmbeddings());
            Tensor head = c.lmHead().orElseThrow();
            assertEquals(DType.BF16, head.dtype());
            assertArrayEquals(model.lmHead, values(head));
            assertEquals(2 * VOCAB * HIDDEN * 2, c.mappedBytes());
            assertEquals("25/25 lm_head.weight", loading.progress.get(24));
        }
    }

    @Test
    void latentWeightsAreQuantizedWithAbsmean() {
        Path folder = new HfFolder(model, null, false).write(dir.resolve("m"));
        try (Checkpoint c = loading.open(folder)) {
            TinyModel.Proj q = model.layers.get(0).q();
            TernaryLinear got = c.layers().get(0).q();
            // W = T × s, so mean|W| = s × (non-zero count) / n and W / mean|W| rounds back to T.
            int nonZero = 0;
            for (byte t : q.trits()) {
                nonZero += t != 0 ? 1 : 0;
            }
            float expectedScale = (float) ((double) q.scale() * nonZero / q.trits().length);
            assertArrayEquals(q.trits(), Loading.trits(got));
            assertEquals(expectedScale, values(got.scale())[0], 1e-7f);
            // embedding, 8 layer norms, final norm, 14 latent projections; no U8, no weight_scale
            assertEquals(Map.of("BF16", 24), c.storedTypes());
            assertEquals(1, c.notes().size());
            assertTrue(c.notes().get(0).startsWith("latent (unquantized) weights, quantized at load with absmean"),
                    c.notes().get(0));
            assertTrue(c.notes().get(0).contains("14 tensors"), c.notes().get(0));
        }
    }

    @Test
    void shardedFolderReadsEveryShard() throws IOException {
        HfFolder f = new HfFolder(model, "autobitlinear", false);
        Path folder = f.write(dir.resolve("m"));
        Files.delete(folder.resolve("model.safetensors"));
        // Shard 1: embedding and layer 0; shard 2: the rest. Rebuild both from the fixture's entries.
        SafetensorsWriter one = new SafetensorsWriter();
        SafetensorsWriter two = new SafetensorsWriter();
        ObjectNode index = new ObjectMapper().createObjectNode();
        ObjectNode map = index.putObject("weight_map");
        HfFolder source = new HfFolder(model, "autobitlinear", false);
        for (String name : names(source)) {
            boolean first = name.startsWith("model.embed_tokens") || name.startsWith("model.layers.0.");
            copy(source.weights, name, first ? one : two);
            map.put(name, first ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
        }
        one.write(folder.resolve("model-00001-of-00002.safetensors"));
        two.write(folder.resolve("model-00002-of-00002.safetensors"));
        Files.writeString(folder.resolve("model.safetensors.index.json"), index.toString());
        try (Checkpoint c = loading.open(folder)) {
            assertProjections(model, c, false);
            assertNorms(model, c);
            assertArrayEquals(model.embedding, values(c.embedding()));
            assertEquals(Map.of("U8", 14, "BF16", 24), c.storedTypes());
            assertTrue(Maps.isMapped(folder.resolve("model-00001-of-00002.safetensors")));
            assertFalse(Maps.isMapped(folder.resolve("model-00002-of-00002.safetensors")),
                    "a shard without zero-copy tensors is unmapped after the load");
        }
        assertFalse(Maps.isMapped(folder.resolve("model-00001-of-00002.safetensors")));
    }

    /** Names in the fixture's header, in order. */
    static List<String> names(HfFolder f) {
        List<String> names = new java.util.ArrayList<>();
        ((com.fasterxml.jackson.databind.JsonNode) parse(f.weights.header())).fieldNames()
                .forEachRemaining(names::add);
        names.remove("__metadata__");
        return names;
    }

    private static Object parse(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies one entry (dtype, shape, bytes) of a fixture into another writer. */
    static void copy(SafetensorsWriter from, String name, SafetensorsWriter to) {
        ObjectNode header = (ObjectNode) parse(from.header());
        ObjectNode e = (ObjectNode) header.get(name);
        long begin = e.get("data_offsets").get(0).asLong();
        long end = e.get("data_offsets").get(1).asLong();
        long[] shape = new long[e.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = e.get("shape").get(i).asLong();
        }
        to.add(name, e.get("dtype").asText(), shape,
                java.util.Arrays.copyOfRange(from.data(), (int) begin, (int) end));
    }

    @Test
    void newerTransformersKeysAreAccepted() {
        // Without num_key_value_heads every head has its own k and v, so the model has 4 kv heads.
        TinyModel wide = new TinyModel(7, VOCAB, HIDDEN, INTER, LAYERS, 4, 4);
        HfFolder f = new HfFolder(wide, "autobitlinear", true);
        f.config.remove("torch_dtype");
        f.config.put("dtype", "bfloat16");
        f.config.remove("rope_theta");
        f.config.putObject("rope_parameters").put("rope_type", "default").put("rope_theta", 10000.0);
        f.config.put("head_dim", 8);
        f.config.remove("tie_word_embeddings"); // BitNetConfig's default: not tied
        f.config.remove("num_key_value_heads");
        try (Checkpoint c = loading.open(f.write(dir.resolve("m")))) {
            assertEquals(10000f, c.config().ropeTheta());
            assertEquals(4, c.config().kvHeads());
            assertEquals(8, c.config().headDim());
            assertFalse(c.config().tiedEmbeddings());
            assertProjections(wide, c, false);
        }
    }

    @Test
    void llamaShapedCheckpointsLoadWhenTheyCarryTheSubNorms() {
        HfFolder f = new HfFolder(model, "autobitlinear", false);
        f.config.putArray("architectures").add("LlamaForCausalLM");
        f.config.put("model_type", "llama");
        try (Checkpoint c = loading.open(f.write(dir.resolve("m")))) {
            assertEquals("LlamaForCausalLM", c.config().architecture());
            assertProjections(model, c, false);
        }
    }

    @Test
    void chatTemplateJinjaIsUsedWhenTokenizerConfigHasNone() throws IOException {
        HfFolder f = new HfFolder(model, "autobitlinear", false);
        f.tokenizerConfig = "{\"bos_token\": {\"content\": \"<|begin_of_text|>\"}}";
        f.generationConfig = null;
        f.config.remove("bos_token_id");
        f.config.remove("eos_token_id");
        Path folder = f.write(dir.resolve("m"));
        Files.writeString(folder.resolve("chat_template.jinja"), "{{ bos_token }}");
        try (Checkpoint c = loading.open(folder)) {
            assertEquals("{{ bos_token }}", c.chatTemplate().orElseThrow());
            assertEquals("chat_template.jinja", c.chatTemplateSource());
            assertEquals(OptionalInt.of(5), c.bosTokenId(), "from bos_token looked up in tokenizer.json");
            assertEquals(Set.of(6, 7), c.stopTokenIds(), "<|end_of_text|> and <|eot_id|> from tokenizer.json");
        }
    }

    @Test
    void aViewOfTheEmbeddingKeepsTheFileMappedAfterClose() {
        Path folder = new HfFolder(model, "autobitlinear", false).write(dir.resolve("m"));
        Path file = folder.resolve("model.safetensors");
        Tensor view;
        try (Checkpoint c = loading.open(folder)) {
            view = c.embedding().reshape(VOCAB * HIDDEN);
        }
        assertTrue(Maps.isMapped(file));
        assertEquals(model.embedding[HIDDEN + 3], view.getFloat(HIDDEN + 3));
        view.close();
        assertFalse(Maps.isMapped(file));
    }

    @Test
    void encodersMatchTheSpecExample() {
        // Spec 2.1: t[i*R + r, j] = ((packed[r, j] >> 2i) & 3) - 1;
        // rows 0..3 of one column -1, 0, +1, 0 -> codes 0, 1, 2, 1 -> 0b01_10_01_00
        assertArrayEquals(new byte[] {0b01_10_01_00}, Encoders.hfPacked(new byte[] {-1, 0, 1, 0}, 4, 1));
    }
}
