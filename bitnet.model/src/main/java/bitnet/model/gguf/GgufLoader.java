package bitnet.model.gguf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import bitnet.api.model.Checkpoint;
import bitnet.api.model.LayerWeights;
import bitnet.api.model.LoadProgress;
import bitnet.api.model.ModelConfig;
import bitnet.api.model.ModelFormatException;
import bitnet.api.model.TernaryLinear;
import bitnet.api.model.TokenizerSource;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;
import bitnet.model.load.Assembly;
import bitnet.model.load.CheckpointFacts;
import bitnet.model.load.JsonFiles;
import bitnet.model.load.MappedFile;
import bitnet.model.load.StoredTensor;
import bitnet.model.load.TokenizerFiles;
import bitnet.model.load.WeightConverter;

/**
 * Opens a GGUF file as bitnet.cpp writes BitNet b1.58 models (architectures {@code bitnet-b1.58} and
 * {@code bitnet-25}, one graph): hyper-parameters from {@code <arch>.*} keys, tensors by llama.cpp's names, the
 * tokenizer from a {@code tokenizer.json} beside the file or else from the {@code tokenizer.ggml.*} keys.
 */
public final class GgufLoader {
    /** Architectures read. */
    public static final List<String> ARCHITECTURES = List.of("bitnet-b1.58", "bitnet-25");
    private static final float DEFAULT_ROPE_THETA = 10000f;

    private GgufLoader() {
    }

    /**
     * @param path a GGUF file
     * @param tensors makes the converted tensors
     * @param progress told after each tensor
     * @return the checkpoint, owned by the caller
     * @throws ModelFormatException if the file is malformed, inconsistent or of another architecture; nothing stays
     *     mapped or allocated
     */
    public static Checkpoint load(Path path, TensorFactory tensors, LoadProgress progress) {
        try (MappedFile file = MappedFile.open(path)) {
            GgufFile gguf = GgufFile.parse(file);
            GgufKeys keys = new GgufKeys(path, gguf.metadata);
            String arch = keys.string("general.architecture");
            if (arch == null) {
                throw keys.fail("general.architecture", "is missing");
            }
            if (!ARCHITECTURES.contains(arch)) {
                throw keys.fail("general.architecture", "is \"" + arch + "\"; supported are " + ARCHITECTURES
                        + " (BitNet b1.58 as bitnet.cpp writes it)");
            }
            List<String> notes = new ArrayList<>();
            boolean tied = !gguf.tensors.containsKey("output.weight");
            ModelConfig config = config(keys, arch, tied, notes);
            CheckpointFacts facts = facts(path, keys, gguf.metadata);
            return new Build(gguf, config).run(tensors, progress, facts, notes);
        }
    }

    private static ModelConfig config(GgufKeys keys, String arch, boolean tied, List<String> notes) {
        String p = arch + ".";
        int hidden = keys.positive(p + "embedding_length");
        int heads = keys.positive(p + "attention.head_count");
        int kvHeads = keys.has(p + "attention.head_count_kv") ? keys.positive(p + "attention.head_count_kv") : heads;
        int headDim;
        if (keys.has(p + "attention.key_length")) {
            headDim = keys.positive(p + "attention.key_length");
        } else if (hidden % heads == 0) {
            headDim = hidden / heads;
        } else {
            throw keys.fail(p + "embedding_length", hidden + " is not a multiple of " + p + "attention.head_count "
                    + heads);
        }
        if (heads % kvHeads != 0) {
            throw keys.fail(p + "attention.head_count_kv", "is " + kvHeads + ", which does not divide "
                    + p + "attention.head_count " + heads);
        }
        if (keys.has(p + "rope.dimension_count") && keys.positive(p + "rope.dimension_count") != headDim) {
            throw keys.fail(p + "rope.dimension_count", "is " + keys.positive(p + "rope.dimension_count")
                    + ", not the head width " + headDim + ": partial rotary embeddings are not supported");
        }
        int vocab;
        if (keys.has(p + "vocab_size")) {
            vocab = keys.positive(p + "vocab_size");
        } else if (keys.list("tokenizer.ggml.tokens") != null && !keys.list("tokenizer.ggml.tokens").isEmpty()) {
            vocab = keys.list("tokenizer.ggml.tokens").size();
        } else {
            throw keys.fail(p + "vocab_size", "is missing, and there is no tokenizer.ggml.tokens array to count");
        }
        float theta = DEFAULT_ROPE_THETA;
        if (keys.has(p + "rope.freq_base")) {
            theta = keys.number(p + "rope.freq_base");
        } else {
            notes.add(p + "rope.freq_base is absent: RoPE theta " + DEFAULT_ROPE_THETA + " assumed (llama.cpp's "
                    + "default)");
        }
        try {
            return new ModelConfig(arch, vocab, hidden, keys.positive(p + "feed_forward_length"),
                    keys.positive(p + "block_count"), heads, kvHeads, headDim,
                    keys.number(p + "attention.layer_norm_rms_epsilon"), theta, keys.positive(p + "context_length"),
                    tied);
        } catch (IllegalArgumentException e) {
            throw keys.fail(p + "*", "describe no valid model: " + e.getMessage());
        }
    }

    private static CheckpointFacts facts(Path path, GgufKeys keys, Map<String, Object> metadata) {
        Path dir = path.toAbsolutePath().getParent();
        Path tokenizerJson = dir.resolve(TokenizerFiles.TOKENIZER_JSON);
        boolean beside = Files.isRegularFile(tokenizerJson);
        TokenizerSource source;
        if (beside) {
            source = new TokenizerSource("tokenizer.json beside the GGUF file", tokenizerJson, null);
        } else {
            String model = keys.string("tokenizer.ggml.model");
            if (model == null) {
                throw keys.fail("tokenizer.ggml.model", "is missing and there is no " + TokenizerFiles.TOKENIZER_JSON
                        + " beside the file: the model has no tokenizer");
            }
            String pre = keys.string("tokenizer.ggml.pre");
            source = new TokenizerSource("GGUF tokenizer.ggml.* keys (" + model
                    + (pre == null ? "" : ", " + pre + " pre-tokenizer") + ")", null, tokenizerJson(path, metadata));
        }

        Path tokenizerConfig = dir.resolve(TokenizerFiles.TOKENIZER_CONFIG);
        ObjectNode tc = Files.isRegularFile(tokenizerConfig) ? JsonFiles.readObject(tokenizerConfig) : null;
        TokenizerFiles.Template template = TokenizerFiles.folderTemplate(dir, tc);
        if (template == null && keys.string("tokenizer.chat_template") != null) {
            template = new TokenizerFiles.Template(keys.string("tokenizer.chat_template"),
                    "GGUF tokenizer.chat_template");
        }

        Set<Integer> stop = new LinkedHashSet<>();
        for (String key : List.of("tokenizer.ggml.eos_token_id", "tokenizer.ggml.eot_token_id")) {
            Integer id = keys.tokenId(key);
            if (id != null) {
                stop.add(id);
            }
        }
        List<?> tokens = keys.list("tokenizer.ggml.tokens");
        if (tokens != null) {
            for (int i = 0; i < tokens.size(); i++) {
                if (TokenizerFiles.STOP_TOKENS.contains(tokens.get(i))) {
                    stop.add(i);
                }
            }
        } else if (beside) {
            stop.addAll(TokenizerFiles.findIds(tokenizerJson, new HashSet<>(TokenizerFiles.STOP_TOKENS)).values());
        }
        String eos = tc == null ? null : TokenizerFiles.eosToken(tc);
        Integer eosId = keys.tokenId("tokenizer.ggml.eos_token_id");
        if (eos == null && tokens != null && eosId != null && eosId < tokens.size()
                && tokens.get(eosId) instanceof String name) {
            eos = name;
        }
        // BOS: the GGUF key; for a file without tokenizer keys, the bos_token named beside it.
        Integer bos = keys.tokenId("tokenizer.ggml.bos_token_id");
        String bosName = tc == null ? null : TokenizerFiles.bosToken(tc);
        if (bos == null && bosName != null && beside) {
            bos = TokenizerFiles.findIds(tokenizerJson, Set.of(bosName)).get(bosName);
        }
        return new CheckpointFacts(source, template == null ? null : template.text(),
                template == null ? null : template.source(), bos, keys.bool("tokenizer.ggml.add_bos_token", true),
                stop, eos);
    }

    private static String tokenizerJson(Path path, Map<String, Object> metadata) {
        try {
            return GgufTokenizerJson.build(metadata, path);
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFormatException(path, "cannot build a tokenizer from the tokenizer.ggml.* keys: "
                    + e.getMessage(), e);
        }
    }

    /** One file's tensors checked against its metadata and converted. */
    private record Build(GgufFile gguf, ModelConfig mc) {

        Checkpoint run(TensorFactory tensors, LoadProgress progress, CheckpointFacts facts, List<String> notes) {
            for (String name : gguf.tensors.keySet()) {
                if (name.endsWith(".bias")) {
                    throw new ModelFormatException(gguf.file.path(), "tensor " + name
                            + ": biases are not supported (BitNet b1.58 has none)");
                }
            }
            boolean hasHead = !mc.tiedEmbeddings();
            try (Assembly assembly = new Assembly(progress, 2 + (hasHead ? 1 : 0) + 11 * mc.layers())) {
                gguf.tensors.values().forEach(t -> assembly.countStored(t.type().stored));
                notes.forEach(assembly::note);
                WeightConverter convert = new WeightConverter(tensors, assembly);
                String a = mc.architecture() + ".";
                String vocab = a + "vocab_size " + mc.vocabSize() + " rows, " + a + "embedding_length "
                        + mc.hiddenSize() + " columns";
                Tensor embedding = convert.matrix(expect("token_embd.weight",
                        new long[] {mc.vocabSize(), mc.hiddenSize()}, vocab));
                List<LayerWeights> layers = new ArrayList<>();
                for (int l = 0; l < mc.layers(); l++) {
                    layers.add(layer(convert, l));
                }
                Tensor norm = convert.norm(expect("output_norm.weight", new long[] {mc.hiddenSize()},
                        a + "embedding_length"));
                Tensor head = hasHead ? convert.matrix(expect("output.weight",
                        new long[] {mc.vocabSize(), mc.hiddenSize()}, vocab)) : null;
                return assembly.build(gguf.file.path(), "gguf", mc, embedding, norm, head, layers, facts);
            }
        }

        private LayerWeights layer(WeightConverter convert, int l) {
            String p = "blk." + l + ".";
            String a = mc.architecture() + ".";
            String h = a + "embedding_length " + mc.hiddenSize();
            String q = a + "attention.head_count " + mc.heads() + " x head width " + mc.headDim();
            String kv = a + "attention.head_count_kv " + mc.kvHeads() + " x head width " + mc.headDim();
            String ff = a + "feed_forward_length " + mc.intermediateSize();
            long hidden = mc.hiddenSize();
            Tensor inputNorm = convert.norm(expect(p + "attn_norm.weight", new long[] {hidden}, h));
            TernaryLinear wq = projection(convert, p + "attn_q.weight", mc.queryWidth(), mc.hiddenSize(), q, h);
            TernaryLinear wk = projection(convert, p + "attn_k.weight", mc.kvWidth(), mc.hiddenSize(), kv, h);
            TernaryLinear wv = projection(convert, p + "attn_v.weight", mc.kvWidth(), mc.hiddenSize(), kv, h);
            Tensor attnSub = convert.norm(expect(p + "attn_sub_norm.weight", new long[] {mc.queryWidth()}, q));
            TernaryLinear wo = projection(convert, p + "attn_output.weight", mc.hiddenSize(), mc.queryWidth(), h, q);
            Tensor postNorm = convert.norm(expect(p + "ffn_norm.weight", new long[] {hidden}, h));
            TernaryLinear gate = projection(convert, p + "ffn_gate.weight", mc.intermediateSize(), mc.hiddenSize(),
                    ff, h);
            TernaryLinear up = projection(convert, p + "ffn_up.weight", mc.intermediateSize(), mc.hiddenSize(), ff, h);
            Tensor ffnSub = convert.norm(expect(p + "ffn_sub_norm.weight", new long[] {mc.intermediateSize()}, ff));
            TernaryLinear down = projection(convert, p + "ffn_down.weight", mc.hiddenSize(), mc.intermediateSize(), h,
                    ff);
            return new LayerWeights(inputNorm, wq, wk, wv, attnSub, wo, postNorm, gate, up, ffnSub, down);
        }

        private TernaryLinear projection(WeightConverter convert, String name, int out, int in, String outWhy,
                String inWhy) {
            return convert.stored(expect(name, new long[] {out, in}, outWhy + " rows, " + inWhy + " columns"), out,
                    in);
        }

        private StoredTensor expect(String name, long[] shape, String why) {
            GgufTensor t = gguf.tensors.get(name);
            if (t == null) {
                throw new ModelFormatException(gguf.file.path(), "tensor " + name + " is missing");
            }
            if (!Arrays.equals(t.shape(), shape)) {
                throw new ModelFormatException(gguf.file.path(), "tensor " + name + " has ggml dimensions "
                        + Arrays.toString(t.dims()) + " (PyTorch shape " + Arrays.toString(t.shape())
                        + "), but the metadata implies PyTorch shape " + Arrays.toString(shape) + " (" + why + ")");
            }
            return gguf.stored(t);
        }
    }
}
