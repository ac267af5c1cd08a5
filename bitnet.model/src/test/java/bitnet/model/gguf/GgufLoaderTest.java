package bitnet.model.gguf;

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

import bitnet.api.model.Checkpoint;
import bitnet.api.model.LayerWeights;
import bitnet.api.model.ModelConfig;
import bitnet.api.model.TernaryLinear;
import bitnet.api.tensor.DType;
import bitnet.model.fixtures.Encoders;
import bitnet.model.fixtures.GgufWriter;
import bitnet.model.fixtures.Loading;
import bitnet.model.fixtures.Maps;
import bitnet.model.fixtures.TinyGguf;
import bitnet.model.fixtures.TinyModel;

class GgufLoaderTest {
    static final String TOKENIZER_JSON = """
            {"version": "1.0", "added_tokens": [], "model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}}""";

    @TempDir
    Path dir;
    private final Loading loading = new Loading();

    @AfterEach
    void close() {
        loading.close();
    }

    /** Writes the file and a tokenizer.json beside it. */
    private Path write(TinyGguf g) throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), TOKENIZER_JSON);
        return g.gguf.write(dir.resolve("model.gguf"));
    }

    private static List<TernaryLinear> projections(LayerWeights w) {
        return List.of(w.q(), w.k(), w.v(), w.o(), w.gate(), w.up(), w.down());
    }

    private static void assertTrits(TinyModel model, Checkpoint c) {
        for (int l = 0; l < model.layers.size(); l++) {
            List<TinyModel.Proj> want = model.layers.get(l).projections();
            List<TernaryLinear> got = projections(c.layers().get(l));
            for (int i = 0; i < 7; i++) {
                assertEquals(DType.TERNARY, got.get(i).weights().dtype());
                assertArrayEquals(new long[] {want.get(i).out(), want.get(i).in()}, got.get(i).weights().shape());
                assertArrayEquals(want.get(i).trits(), Loading.trits(got.get(i)), "layer " + l + " " + i);
            }
        }
    }

    private static void assertNorms(TinyModel model, Checkpoint c) {
        assertArrayEquals(model.finalNorm, c.finalNorm().toFloatArray());
        for (int l = 0; l < model.layers.size(); l++) {
            LayerWeights got = c.layers().get(l);
            TinyModel.Layer want = model.layers.get(l);
            assertArrayEquals(want.inputNorm(), got.inputNorm().toFloatArray());
            assertArrayEquals(want.attnSubNorm(), got.attnSubNorm().toFloatArray());
            assertArrayEquals(want.postAttentionNorm(), got.postAttentionNorm().toFloatArray());
            assertArrayEquals(want.ffnSubNorm(), got.ffnSubNorm().toFloatArray());
        }
    }

    @Test
    void i2sFileLikeTheOfficialOne() throws IOException {
        TinyModel model = new TinyModel(3, 16, 64, 128, 2, 4, 2);
        Path file = write(new TinyGguf(model, "bitnet-b1.58", (l, p) -> GgufWriter.I2_S, false));
        long before = loading.bytesInUse();
        Checkpoint c = loading.open(file);
        try {
            assertEquals("gguf", c.format());
            assertEquals(new ModelConfig("bitnet-b1.58", 16, 64, 128, 2, 4, 2, 16, 1e-5f, 500000f, 128, true),
                    c.config());
            assertTrue(c.lmHead().isEmpty());
            assertEquals(DType.F16, c.embedding().dtype());
            assertArrayEquals(new long[] {16, 64}, c.embedding().shape());
            assertArrayEquals(model.embedding, c.embedding().toFloatArray());
            assertNorms(model, c);
            assertTrits(model, c);
            for (int l = 0; l < 2; l++) {
                List<TinyModel.Proj> want = model.layers.get(l).projections();
                List<TernaryLinear> got = projections(c.layers().get(l));
                for (int i = 0; i < 7; i++) {
                    assertArrayEquals(new float[] {want.get(i).scale()}, got.get(i).scale().toFloatArray());
                }
            }
            assertEquals(Map.of("I2_S", 14, "F32", 9, "F16", 1), c.storedTypes());
            assertEquals(16 * 64 * 2, c.mappedBytes());
            long perLayer = (64 * 64 * 2 + 32 * 64 * 2 + 128 * 64 * 3) / 4 + 7 * 4 + (64 * 3 + 128) * 4;
            assertEquals(2 * perLayer + 64 * 4, c.convertedBytes());
            assertEquals(List.of(), c.notes());
            assertEquals(24, loading.progress.size());
            assertEquals("24/24 output_norm.weight", loading.progress.get(23));

            assertEquals(dir.resolve("tokenizer.json"), c.tokenizer().file());
            assertEquals("{% for m in messages %}{{ m.content }}{% endfor %}", c.chatTemplate().orElseThrow());
            assertEquals("GGUF tokenizer.chat_template", c.chatTemplateSource());
            assertEquals(OptionalInt.of(13), c.bosTokenId());
            assertFalse(c.addBosToken());
            assertEquals(Set.of(14, 15), c.stopTokenIds(), "eos_token_id 14 and <|eot_id|> at 15");
            assertTrue(Maps.isMapped(file));
        } finally {
            c.close();
        }
        assertFalse(Maps.isMapped(file));
        assertEquals(before, loading.bytesInUse());
    }

    @Test
    void everyStoredTypeRecoversTheTritsAndScale() throws IOException {
        // q TQ1_0, k TQ2_0, v Q8_0, o F16, gate BF16, up F32, down I2_S; an untied F16 head, the older arch name
        int[] types = {GgufWriter.TQ1_0, GgufWriter.TQ2_0, GgufWriter.Q8_0, GgufWriter.F16, GgufWriter.BF16,
            GgufWriter.F32, GgufWriter.I2_S};
        TinyModel model = new TinyModel(5, 16, 256, 256, 1, 4, 2);
        Path file = write(new TinyGguf(model, "bitnet-25", (l, p) -> types[p], true));
        try (Checkpoint c = loading.open(file)) {
            assertEquals("bitnet-25", c.config().architecture());
            assertFalse(c.config().tiedEmbeddings());
            assertArrayEquals(model.lmHead, c.lmHead().orElseThrow().toFloatArray());
            assertTrits(model, c);
            assertNorms(model, c);
            List<TinyModel.Proj> want = model.layers.get(0).projections();
            List<TernaryLinear> got = projections(c.layers().get(0));
            for (int i = 0; i < 7; i++) {
                float s = want.get(i).scale();
                // Q8_0 keeps d = s/127 in FP16 and q = ±127, so the stored value is 127 × fp16(s/127).
                float expected = types[i] == GgufWriter.Q8_0 ? 127 * Float.float16ToFloat(Float.floatToFloat16(s / 127))
                        : s;
                assertArrayEquals(new float[] {expected}, got.get(i).scale().toFloatArray(), "projection " + i);
            }
            assertEquals(Map.of("TQ1_0", 1, "TQ2_0", 1, "Q8_0", 1, "F16", 3, "BF16", 1, "F32", 6, "I2_S", 1),
                    c.storedTypes());
            assertEquals(2 * 16 * 256 * 2, c.mappedBytes());
            assertEquals(List.of(), c.notes());
        }
    }

    @Test
    void rowsWithDifferentScalesKeepOneScalePerRow() throws IOException {
        TinyModel model = new TinyModel(9, 16, 256, 256, 1, 4, 2);
        TinyGguf g = new TinyGguf(model, "bitnet-b1.58", (l, p) -> GgufWriter.TQ2_0, false);
        TinyModel.Proj k = model.layers.get(0).k();
        float[] rowScale = new float[k.out()];
        for (int r = 0; r < rowScale.length; r++) {
            rowScale[r] = r % 2 == 0 ? 0.125f : 0.25f;
        }
        g.gguf.find("blk.0.attn_k.weight").data = TinyGguf.encode(k.trits(), k.out(), k.in(), rowScale,
                GgufWriter.TQ2_0);
        TinyModel.Proj up = model.layers.get(0).up();
        float[] upScale = new float[up.out()];
        for (int r = 0; r < upScale.length; r++) {
            upScale[r] = (1 + r % 3) / 16f;
        }
        g.gguf.find("blk.0.ffn_up.weight").type = GgufWriter.F16;
        g.gguf.find("blk.0.ffn_up.weight").data = TinyGguf.encode(up.trits(), up.out(), up.in(), upScale,
                GgufWriter.F16);
        try (Checkpoint c = loading.open(write(g))) {
            assertTrits(model, c);
            assertArrayEquals(rowScale, c.layers().get(0).k().scale().toFloatArray());
            assertArrayEquals(upScale, c.layers().get(0).up().scale().toFloatArray());
            assertEquals(List.of("ternary with one scale per row (the stored rows have different scales): 2 tensors "
                    + "(blk.0.attn_k.weight, blk.0.ffn_up.weight)"), c.notes());
        }
    }

    @Test
    void valuesThatAreNotTernaryAreQuantizedWithAbsmeanAndNoted() throws IOException {
        TinyModel model = new TinyModel(9, 16, 256, 256, 1, 4, 2);
        TinyGguf g = new TinyGguf(model, "bitnet-b1.58", (l, p) -> GgufWriter.I2_S, false);
        // Rows repeat 0.25, -0.75, 0, 0.5: mean|W| = 1.5 / 4 = 0.375; W / 0.375 = 0.67, -2, 0, 1.33 -> 1, -1, 0, 1
        float[] values = new float[256 * 256];
        float[] pattern = {0.25f, -0.75f, 0f, 0.5f};
        byte[] trits = new byte[values.length];
        byte[] tritPattern = {1, -1, 0, 1};
        for (int i = 0; i < values.length; i++) {
            values[i] = pattern[i % 4];
            trits[i] = tritPattern[i % 4];
        }
        GgufWriter.Tensor gate = g.gguf.find("blk.0.ffn_gate.weight");
        gate.type = GgufWriter.F32;
        gate.data = Encoders.f32(values);
        try (Checkpoint c = loading.open(write(g))) {
            assertArrayEquals(trits, Loading.trits(c.layers().get(0).gate()));
            assertArrayEquals(new float[] {0.375f}, c.layers().get(0).gate().scale().toFloatArray());
            assertEquals(List.of("not ternary-valued as stored, so quantized at load with absmean (scale = "
                    + "max(mean|W|, 1e-5) per tensor): 1 tensor (blk.0.ffn_gate.weight)"), c.notes());
        }
    }

    @Test
    void tokenizerConfigBesideTheFileGivesTheChatTemplate() throws IOException {
        TinyModel model = new TinyModel(3, 16, 64, 128, 1, 4, 2);
        TinyGguf g = new TinyGguf(model, "bitnet-b1.58", (l, p) -> GgufWriter.I2_S, false);
        g.gguf.remove("tokenizer.ggml.add_bos_token");
        g.gguf.remove("bitnet-b1.58.rope.freq_base");
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": \"HF template\"}");
        try (Checkpoint c = loading.open(write(g))) {
            assertEquals("HF template", c.chatTemplate().orElseThrow());
            assertEquals("tokenizer_config.json", c.chatTemplateSource());
            assertTrue(c.addBosToken(), "add_bos_token defaults to true");
            assertEquals(10000f, c.config().ropeTheta());
            assertEquals(List.of("bitnet-b1.58.rope.freq_base is absent: RoPE theta 10000.0 assumed (llama.cpp's "
                    + "default)"), c.notes());
        }
    }

    @Test
    void vocabularySizeComesFromTheTokensWhenTheKeyIsAbsent() throws IOException {
        TinyModel model = new TinyModel(3, 16, 64, 128, 1, 4, 2);
        TinyGguf g = new TinyGguf(model, "bitnet-b1.58", (l, p) -> GgufWriter.I2_S, false);
        g.gguf.remove("bitnet-b1.58.vocab_size");
        try (Checkpoint c = loading.open(write(g))) {
            assertEquals(16, c.config().vocabSize());
            assertNull(c.tokenizer().json());
        }
    }
}
