package bitnet.model.gguf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import bitnet.model.fixtures.GgufWriter;
import bitnet.model.fixtures.LeBytes;
import bitnet.model.fixtures.Loading;
import bitnet.model.fixtures.SafetensorsWriter;
import bitnet.model.fixtures.TinyGguf;
import bitnet.model.fixtures.TinyModel;

/**
 * One bad GGUF file per kind of damage: each load fails with a ModelFormatException naming the file and the tensor
 * or key, and leaves nothing allocated or mapped ({@link Loading#fails}).
 */
class GgufMalformedTest {
    private static final String A = "bitnet-b1.58.";
    private static final String Q0 = "blk.0.attn_q.weight";

    @TempDir
    Path dir;
    private final Loading loading = new Loading();
    private final TinyModel model = new TinyModel(13, 16, 64, 128, 2, 4, 2);
    private final TinyGguf tiny = new TinyGguf(model, "bitnet-b1.58", (l, p) -> GgufWriter.I2_S, false);
    private final GgufWriter gguf = tiny.gguf;
    private Path file;

    @BeforeEach
    void tokenizerBeside() throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), GgufLoaderTest.TOKENIZER_JSON);
        file = dir.resolve("model.gguf");
    }

    @AfterEach
    void close() {
        loading.close();
    }

    private void fails(String... mentions) {
        gguf.write(file);
        loading.fails(file, file, mentions);
    }

    @Test
    void badMagic() {
        gguf.magic = "GGML".getBytes(StandardCharsets.US_ASCII);
        fails("not a GGUF file", "47 47 4d 4c");
    }

    @Test
    void olderVersions() {
        gguf.version = 2;
        fails("GGUF version 2 is not supported");
        gguf.version = 1;
        fails("GGUF version 1 is not supported");
        gguf.version = 7;
        fails("unknown GGUF version 7");
    }

    @Test
    void truncatedInTheMetadata() {
        SafetensorsWriter.writeBytes(file, Arrays.copyOf(gguf.bytes(), 300));
        loading.fails(file, file, "truncated");
    }

    @Test
    void truncatedInTheData() {
        byte[] bytes = gguf.bytes();
        SafetensorsWriter.writeBytes(file, Arrays.copyOf(bytes, bytes.length - 100));
        loading.fails(file, file, "output_norm.weight", "run past the end of the file");
    }

    @Test
    void absurdTensorCount() {
        gguf.tensorCountOverride = 1L << 60;
        fails("tensor count", "1152921504606846976");
    }

    @Test
    void absurdKeyCount() {
        gguf.kvCountOverride = -1L;
        fails("metadata key/value count", "18446744073709551615");
    }

    @Test
    void absurdStringLength() {
        gguf.kv("general.name", GgufWriter.STRING, new LeBytes().u64(1L << 40).u8('x'));
        fails("general.name", "1099511627776", "runs past the end");
    }

    @Test
    void absurdArrayLength() {
        gguf.kv("tokenizer.ggml.scores", GgufWriter.ARRAY, new LeBytes().u32(GgufWriter.FLOAT32).u64(1L << 62));
        fails("tokenizer.ggml.scores", "4611686018427387904");
    }

    @Test
    void arraysNestedTooDeep() {
        LeBytes nested = new LeBytes();
        for (int i = 0; i < 40; i++) {
            nested.u32(GgufWriter.ARRAY).u64(1);
        }
        nested.u32(GgufWriter.UINT8).u64(0);
        gguf.kv("deep", GgufWriter.ARRAY, nested);
        fails("deep", "nested");
    }

    @Test
    void boolThatIsNeitherZeroNorOne() {
        gguf.kv("tokenizer.ggml.add_bos_token", GgufWriter.BOOL, new LeBytes().u8(2));
        fails("tokenizer.ggml.add_bos_token", "bool");
    }

    @Test
    void duplicateKey() {
        gguf.duplicate(A + "block_count");
        fails(A + "block_count", "appears twice");
    }

    @Test
    void tooManyDimensions() {
        gguf.find(Q0).nDims = 5L;
        fails(Q0, "n_dims is 5");
    }

    @Test
    void dimensionsWhoseProductOverflows() {
        gguf.find(Q0).dims = new long[] {1L << 40, 1L << 40};
        fails(Q0, "overflow");
    }

    @Test
    void unknownGgmlType() {
        gguf.find(Q0).type = 99;
        fails(Q0, "ggml type 99", "not supported");
    }

    @Test
    void unsupportedGgmlType() {
        gguf.find(Q0).type = 12;
        fails(Q0, "Q4_K", "not supported");
    }

    @Test
    void blockTypeWithAPartialBlock() {
        gguf.find(Q0).type = GgufWriter.TQ2_0;
        fails(Q0, "blocks of 256");
    }

    @Test
    void dataOffsetOutOfRange() {
        gguf.find("blk.1.ffn_down.weight").offset = 1L << 40;
        fails("blk.1.ffn_down.weight", "run past the end of the file");
    }

    @Test
    void overlappingData() {
        gguf.find("blk.0.attn_k.weight").offset = 0L;
        fails("blk.0.attn_k.weight", "overlaps", "token_embd.weight");
    }

    @Test
    void misalignedData() {
        gguf.find("blk.0.attn_k.weight").offset = 16L;
        fails("blk.0.attn_k.weight", "16", "misaligned");
    }

    @Test
    void alignmentThatIsNotAPowerOfTwo() {
        gguf.u32("general.alignment", 48);
        fails("general.alignment", "48");
    }

    @Test
    void duplicateTensor() {
        gguf.tensor("output_norm.weight", GgufWriter.F32, new long[] {64}, new byte[256]);
        fails("output_norm.weight", "appears twice");
    }

    @Test
    void missingTensor() {
        gguf.removeTensor("blk.1.ffn_sub_norm.weight");
        fails("blk.1.ffn_sub_norm.weight", "missing");
    }

    @Test
    void projectionShapeDisagreesWithMetadata() {
        GgufWriter.Tensor q = gguf.find(Q0);
        q.dims = new long[] {64, 32};
        q.data = Arrays.copyOf(q.data, 32 * 64 / 4 + 32);
        fails(Q0, "[32, 64]", "[64, 64]", A + "attention.head_count 4");
    }

    @Test
    void embeddingDisagreesWithVocab() {
        gguf.u32(A + "vocab_size", 20);
        fails("token_embd.weight", "[20, 64]", A + "vocab_size 20");
    }

    @Test
    void otherArchitecture() {
        gguf.string("general.architecture", "llama");
        fails("general.architecture", "llama", "bitnet-b1.58");
    }

    @Test
    void missingHyperParameter() {
        gguf.remove(A + "block_count");
        fails(A + "block_count", "missing");
    }

    @Test
    void perLayerHeadCounts() {
        gguf.kv(A + "attention.head_count_kv", GgufWriter.ARRAY, new LeBytes().u32(GgufWriter.UINT32).u64(2).u32(2)
                .u32(2));
        fails(A + "attention.head_count_kv", "per-layer");
    }

    @Test
    void kvHeadsThatDoNotDivideHeads() {
        gguf.u32(A + "attention.head_count_kv", 3);
        fails(A + "attention.head_count_kv", "does not divide");
    }

    @Test
    void codeThreeInI2s() {
        gguf.find("blk.1.attn_v.weight").data[9] = (byte) 0xFF;
        fails("blk.1.attn_v.weight", "code 3");
    }

    @Test
    void nonFiniteValuesInAFloatProjection() {
        GgufWriter.Tensor up = gguf.find("blk.0.ffn_up.weight");
        float[] values = model.layers.get(0).up().values();
        values[3] = Float.POSITIVE_INFINITY;
        up.type = GgufWriter.F32;
        up.data = bitnet.model.fixtures.Encoders.f32(values);
        fails("blk.0.ffn_up.weight", "not finite");
    }

    @Test
    void normInABlockType() {
        GgufWriter.Tensor norm = gguf.find("blk.0.ffn_sub_norm.weight");
        norm.type = GgufWriter.Q8_0;
        norm.data = new byte[128 / 32 * 34];
        fails("blk.0.ffn_sub_norm.weight", "Q8_0", "F32, F16 or BF16");
    }

    @Test
    void biasesAreRefused() {
        gguf.tensor("blk.0.attn_q.bias", GgufWriter.F32, new long[] {64}, new byte[256]);
        fails("blk.0.attn_q.bias", "biases");
    }

    @Test
    void noTokenizerAnywhere() throws IOException {
        Files.delete(dir.resolve("tokenizer.json"));
        gguf.remove("tokenizer.ggml.model");
        fails("tokenizer.ggml.model", "no tokenizer");
    }
}
