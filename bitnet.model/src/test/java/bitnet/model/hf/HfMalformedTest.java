package bitnet.model.hf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bitnet.model.fixtures.Encoders;
import bitnet.model.fixtures.HfFolder;
import bitnet.model.fixtures.Loading;
import bitnet.model.fixtures.SafetensorsWriter;
import bitnet.model.fixtures.TinyModel;

/**
 * One bad Hugging Face folder per kind of damage: each load fails with a ModelFormatException naming the file and
 * the tensor or key, and leaves nothing allocated or mapped ({@link Loading#fails}).
 */
class HfMalformedTest {
    private static final String Q0 = "model.layers.0.self_attn.q_proj.weight";

    @TempDir
    Path dir;
    private final Loading loading = new Loading();
    private final TinyModel model = new TinyModel(11, 16, 32, 64, 2, 4, 2);
    private final HfFolder folder = new HfFolder(model, "autobitlinear", false);

    @AfterEach
    void close() {
        loading.close();
    }

    private Path written() {
        return folder.write(dir.resolve("m"));
    }

    private Path weights() {
        return dir.resolve("m").resolve("model.safetensors");
    }

    /** Writes the folder, then replaces model.safetensors with a header and data of the test's making. */
    private Path withWeights(String header, byte[] data) {
        Path f = written();
        SafetensorsWriter.write(weights(), header, data);
        return f;
    }

    @Test
    void truncatedFile() {
        Path f = written();
        SafetensorsWriter.writeBytes(weights(), new byte[] {1, 2, 3, 4, 5});
        loading.fails(f, weights(), "truncated", "5 bytes");
    }

    @Test
    void headerLengthPastTheEnd() {
        Path f = written();
        byte[] bytes = new byte[100];
        bytes[0] = 0x40;
        bytes[1] = 0x42;
        bytes[2] = 0x0F; // 1,000,000
        SafetensorsWriter.writeBytes(weights(), bytes);
        loading.fails(f, weights(), "header length 1000000", "100 bytes");
    }

    @Test
    void headerIsNotJson() {
        loading.fails(withWeights("{\"a\": nope", new byte[0]), weights(), "header", "not valid JSON");
    }

    @Test
    void headerIsNotAnObject() {
        loading.fails(withWeights("[1, 2, 3]", new byte[0]), weights(), "header", "must be a JSON object");
    }

    @Test
    void unknownDtype() {
        String header = folder.weights.header().replace("\"" + Q0 + "\":{\"dtype\":\"U8\"", "\"" + Q0
                + "\":{\"dtype\":\"F8_E4M3\"");
        loading.fails(withWeights(header, folder.weights.data()), weights(), Q0, "F8_E4M3", "not supported");
    }

    @Test
    void projectionRowsDisagreeWithConfig() {
        // q_proj must be [heads*head_dim/4, hidden] = [8, 32]; write it with 4 packed rows.
        folder.weights.remove(Q0).add(Q0, "U8", new long[] {4, 32}, new byte[4 * 32]);
        loading.fails(written(), weights(), Q0, "[4, 32]", "[8, 32]", "num_attention_heads 4 x head_dim 8");
    }

    @Test
    void embeddingDisagreesWithVocab() {
        folder.config.put("vocab_size", 20);
        loading.fails(written(), weights(), "model.embed_tokens.weight", "[16, 32]", "[20, 32]", "vocab_size 20");
    }

    @Test
    void missingTensor() {
        folder.weights.remove("model.layers.1.mlp.ffn_sub_norm.weight");
        loading.fails(written(), weights(), "model.layers.1.mlp.ffn_sub_norm.weight", "missing");
    }

    @Test
    void missingWeightScale() {
        folder.weights.remove("model.layers.0.mlp.down_proj.weight_scale");
        loading.fails(written(), weights(), "model.layers.0.mlp.down_proj.weight_scale", "missing");
    }

    @Test
    void duplicateTensorInOneHeader() {
        String header = folder.weights.header();
        String entry = header.substring(header.indexOf(",\"model.norm.weight\""), header.indexOf('}',
                header.indexOf(",\"model.norm.weight\"")) + 1);
        loading.fails(withWeights(header.replace(entry, entry + entry), folder.weights.data()), weights(),
                "model.norm.weight", "Duplicate");
    }

    @Test
    void duplicateTensorAcrossShards() throws IOException {
        Path f = written();
        Files.delete(weights());
        SafetensorsWriter one = new SafetensorsWriter();
        SafetensorsWriter two = new SafetensorsWriter();
        ObjectNode index = new ObjectMapper().createObjectNode();
        ObjectNode map = index.putObject("weight_map");
        for (String name : HfFolderLoaderTest.names(folder)) {
            boolean first = !name.startsWith("model.layers.1.");
            HfFolderLoaderTest.copy(folder.weights, name, first ? one : two);
            map.put(name, first ? "a.safetensors" : "b.safetensors");
        }
        HfFolderLoaderTest.copy(folder.weights, "model.norm.weight", two);
        one.write(f.resolve("a.safetensors"));
        Path b = two.write(f.resolve("b.safetensors"));
        Files.writeString(f.resolve("model.safetensors.index.json"), index.toString());
        loading.fails(f, b, "model.norm.weight", "stored twice", "a.safetensors");
    }

    @Test
    void weightMapNamesTheWrongShard() throws IOException {
        Path f = written();
        ObjectNode index = new ObjectMapper().createObjectNode();
        ObjectNode map = index.putObject("weight_map");
        HfFolderLoaderTest.names(folder).forEach(n -> map.put(n, "model.safetensors"));
        map.put("model.norm.weight", "other.safetensors");
        new SafetensorsWriter().add("x", "F32", new long[] {1}, new byte[4]).write(f.resolve("other.safetensors"));
        Path indexFile = Files.writeString(f.resolve("model.safetensors.index.json"), index.toString());
        loading.fails(f, indexFile, "model.norm.weight", "other.safetensors");
    }

    @Test
    void dataOffsetsPastTheEnd() {
        byte[] data = folder.weights.data();
        loading.fails(withWeights(folder.weights.header(), Arrays.copyOf(data, data.length - 10)), weights(),
                "model.norm.weight", "outside the data section");
    }

    @Test
    void overlappingDataOffsets() {
        String header = folder.weights.header();
        int at = header.indexOf("\"model.norm.weight\"");
        int offsets = header.indexOf("\"data_offsets\":[", at) + "\"data_offsets\":[".length();
        String patched = header.substring(0, offsets) + "0,64" + header.substring(header.indexOf(']', offsets));
        loading.fails(withWeights(patched, folder.weights.data()), weights(), "model.norm.weight", "overlap",
                "model.embed_tokens.weight");
    }

    @Test
    void dataOffsetsDisagreeWithShape() {
        folder.weights.remove("model.norm.weight").add("model.norm.weight", "BF16", new long[] {33}, new byte[64]);
        loading.fails(written(), weights(), "model.norm.weight", "64 bytes", "needs 66");
    }

    @Test
    void shapeProductOverflows() {
        String header = folder.weights.header().replace("\"shape\":[32],", "\"shape\":[4611686018427387904,4],");
        loading.fails(withWeights(header, folder.weights.data()), weights(), "overflows");
    }

    @Test
    void codeThreeInPackedWeights() {
        byte[] packed = Encoders.hfPacked(model.layers.get(0).q().trits(), 32, 32);
        packed[17] = (byte) 0xFF;
        folder.weights.remove(Q0).add(Q0, "U8", new long[] {8, 32}, packed);
        loading.fails(written(), weights(), Q0, "code 3");
    }

    @Test
    void zeroWeightScaleForTheDividingClass() {
        HfFolder f = new HfFolder(model, "bitlinear", false);
        String name = "model.layers.1.self_attn.v_proj.weight_scale";
        f.weights.remove(name).add(name, "BF16", new long[] {1}, new byte[2]);
        loading.fails(f.write(dir.resolve("m")), weights(), name, "positive");
    }

    @Test
    void nonFiniteLatentWeights() {
        HfFolder f = new HfFolder(model, null, false);
        float[] values = model.layers.get(0).up().values();
        values[5] = Float.NaN;
        String name = "model.layers.0.mlp.up_proj.weight";
        f.weights.remove(name).add(name, "BF16", new long[] {64, 32}, Encoders.bf16(values));
        loading.fails(f.write(dir.resolve("m")), weights(), name, "not finite");
    }

    @Test
    void biasesAreRefused() {
        folder.weights.add("model.layers.0.self_attn.q_proj.bias", "BF16", new long[] {32}, new byte[64]);
        loading.fails(written(), weights(), "model.layers.0.self_attn.q_proj.bias", "biases");
    }

    @Test
    void untiedWithoutLmHead() {
        folder.config.put("tie_word_embeddings", false);
        loading.fails(written(), weights(), "lm_head.weight", "tie_word_embeddings");
    }

    @Test
    void llamaShapedWithoutSubNorms() {
        folder.config.putArray("architectures").add("LlamaForCausalLM");
        folder.weights.remove("model.layers.0.self_attn.attn_sub_norm.weight");
        loading.fails(written(), weights(), "model.layers.0.self_attn.attn_sub_norm.weight", "sub-norms");
    }

    @Test
    void configMissingAKey() {
        folder.config.remove("hidden_size");
        loading.fails(written(), dir.resolve("m").resolve("config.json"), "hidden_size", "missing");
    }

    @Test
    void configNotJson() throws IOException {
        Path f = written();
        Path config = Files.writeString(f.resolve("config.json"), "{\"hidden_size\": 32,");
        loading.fails(f, config, "not valid JSON");
    }

    @Test
    void otherActivation() {
        folder.config.put("hidden_act", "silu");
        loading.fails(written(), dir.resolve("m").resolve("config.json"), "hidden_act", "silu");
    }

    @Test
    void otherArchitecture() {
        folder.config.putArray("architectures").add("MistralForCausalLM");
        loading.fails(written(), dir.resolve("m").resolve("config.json"), "architectures", "MistralForCausalLM");
    }

    @Test
    void kvHeadsThatDoNotDivideHeads() {
        folder.config.put("num_key_value_heads", 3);
        loading.fails(written(), dir.resolve("m").resolve("config.json"), "num_key_value_heads", "3",
                "num_attention_heads 4");
    }

    @Test
    void noTokenizer() {
        folder.tokenizerJson = null;
        Path f = written();
        loading.fails(f, f, "tokenizer.json");
    }

    @Test
    void noWeights() throws IOException {
        Path f = written();
        Files.delete(weights());
        loading.fails(f, f, "model.safetensors", "model.safetensors.index.json");
    }
}
