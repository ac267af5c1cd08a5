package bitnet.itest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A small BitNet b1.58 checkpoint with the real LLaMA-3 vocabulary (128256 tokens, the 2B4T tokenizer and chat
 * template), written at test time in the official Hugging Face layout (BF16 embedding and norms, U8 packed ternary
 * weights in row blocks, BF16 weight_scale that multiplies): what README's examples name as
 * {@code models/bitnet-b1.58-2B-4T}, so that they run as written, token ids included. Random seeded weights: it
 * talks nonsense, fluently enough for commands to run.
 */
final class Llama3VocabModel {
    private static final int VOCAB = 128256;
    private static final int HIDDEN = 64;
    private static final int INTERMEDIATE = 128;
    private static final int HEADS = 2;
    private static final int KV_HEADS = 1;
    private static final int CONTEXT = 512;
    private static final String TEMPLATE = "{% set loop_messages = messages %}{% for message in loop_messages %}"
            + "{% set content = message['role'] | capitalize + ': '+ message['content'] | trim + '<|eot_id|>' %}"
            + "{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}"
            + "{% if add_generation_prompt %}{{ 'Assistant: ' }}{% endif %}";

    private Llama3VocabModel() {
    }

    /**
     * @param folder where to write config.json, model.safetensors and the tokenizer files (created)
     * @param tokenizerJson the LLaMA-3 tokenizer.json with the BOS-adding post-processor
     */
    static void write(Path folder, Path tokenizerJson) throws IOException {
        Files.createDirectories(folder);
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = json.createObjectNode();
        config.putArray("architectures").add("BitNetForCausalLM");
        config.put("model_type", "bitnet").put("vocab_size", VOCAB).put("hidden_size", HIDDEN)
                .put("intermediate_size", INTERMEDIATE).put("num_hidden_layers", 1).put("num_attention_heads", HEADS)
                .put("num_key_value_heads", KV_HEADS).put("hidden_act", "relu2").put("rms_norm_eps", 1e-5)
                .put("rope_theta", 500000.0).put("max_position_embeddings", CONTEXT).put("bos_token_id", 128000)
                .put("eos_token_id", 128001).put("tie_word_embeddings", true).put("torch_dtype", "bfloat16");
        config.putObject("quantization_config").put("quant_method", "bitnet").put("linear_class", "autobitlinear")
                .put("quantization_mode", "offline");
        json.writeValue(folder.resolve("config.json").toFile(), config);
        ObjectNode generation = json.createObjectNode();
        generation.putArray("eos_token_id").add(128001).add(128009);
        json.writeValue(folder.resolve("generation_config.json").toFile(), generation);
        ObjectNode tc = json.createObjectNode();
        tc.put("bos_token", "<|begin_of_text|>").put("eos_token", "<|eot_id|>").put("chat_template", TEMPLATE);
        json.writeValue(folder.resolve("tokenizer_config.json").toFile(), tc);
        Files.copy(tokenizerJson, folder.resolve("tokenizer.json"));
        weights(folder.resolve("model.safetensors"));
    }

    private record Entry(String name, String dtype, long[] shape, byte[] data) {
    }

    private static void weights(Path file) throws IOException {
        SplittableRandom r = new SplittableRandom(2026);
        List<Entry> tensors = new ArrayList<>();
        tensors.add(bf16("model.embed_tokens.weight", r, 0.5, 0.0, VOCAB, HIDDEN));
        tensors.add(bf16("model.norm.weight", r, 0.25, 1.0, HIDDEN));
        String l = "model.layers.0.";
        tensors.add(bf16(l + "input_layernorm.weight", r, 0.25, 1.0, HIDDEN));
        tensors.add(bf16(l + "post_attention_layernorm.weight", r, 0.25, 1.0, HIDDEN));
        tensors.add(bf16(l + "self_attn.attn_sub_norm.weight", r, 0.25, 1.0, HIDDEN));
        tensors.add(bf16(l + "mlp.ffn_sub_norm.weight", r, 0.25, 1.0, INTERMEDIATE));
        int head = HIDDEN / HEADS;
        Map<String, int[]> projections = new LinkedHashMap<>();
        projections.put("self_attn.q_proj", new int[] {HIDDEN, HIDDEN});
        projections.put("self_attn.k_proj", new int[] {KV_HEADS * head, HIDDEN});
        projections.put("self_attn.v_proj", new int[] {KV_HEADS * head, HIDDEN});
        projections.put("self_attn.o_proj", new int[] {HIDDEN, HIDDEN});
        projections.put("mlp.gate_proj", new int[] {INTERMEDIATE, HIDDEN});
        projections.put("mlp.up_proj", new int[] {INTERMEDIATE, HIDDEN});
        projections.put("mlp.down_proj", new int[] {HIDDEN, INTERMEDIATE});
        for (Map.Entry<String, int[]> p : projections.entrySet()) {
            tensors.add(packed(l + p.getKey() + ".weight", r, p.getValue()[0], p.getValue()[1]));
            tensors.add(bf16(l + p.getKey() + ".weight_scale", r, 0.0, 0.5, 1));
        }
        ObjectNode header = new ObjectMapper().createObjectNode();
        long offset = 0;
        for (Entry e : tensors) {
            ObjectNode t = header.putObject(e.name());
            t.put("dtype", e.dtype());
            var shape = t.putArray("shape");
            for (long d : e.shape()) {
                shape.add(d);
            }
            t.putArray("data_offsets").add(offset).add(offset + e.data().length);
            offset += e.data().length;
        }
        byte[] h = new ObjectMapper().writeValueAsBytes(header);
        int padded = (h.length + 7) / 8 * 8;
        byte[] headerBytes = new byte[padded];
        java.util.Arrays.fill(headerBytes, (byte) ' ');
        System.arraycopy(h, 0, headerBytes, 0, h.length);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING); OutputStream os = java.nio.channels.Channels.newOutputStream(out)) {
            os.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            os.write(headerBytes);
            for (Entry e : tensors) {
                os.write(e.data());
            }
        }
    }

    // BF16 values centre + spread * uniform(-1, 1).
    private static Entry bf16(String name, SplittableRandom r, double spread, double centre, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        ByteBuffer b = ByteBuffer.allocate((int) (2 * n)).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < n; i++) {
            float v = (float) (centre + spread * (2 * r.nextDouble() - 1));
            b.putShort((short) (Float.floatToRawIntBits(v) >>> 16));
        }
        return new Entry(name, "BF16", shape, b.array());
    }

    // Ternary codes t+1 in row blocks: byte [r, j] holds rows r, R+r, 2R+r, 3R+r at bits 0-1, 2-3, 4-5, 6-7.
    private static Entry packed(String name, SplittableRandom r, int out, int in) {
        int rows = out / 4;
        byte[] data = new byte[rows * in];
        for (int block = 0; block < 4; block++) {
            for (int row = 0; row < rows; row++) {
                for (int j = 0; j < in; j++) {
                    int code = r.nextInt(3);
                    data[row * in + j] |= (byte) (code << (2 * block));
                }
            }
        }
        return new Entry(name, "U8", new long[] {rows, in}, data);
    }
}
