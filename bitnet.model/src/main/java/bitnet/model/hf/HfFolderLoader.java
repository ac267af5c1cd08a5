package bitnet.model.hf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
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
import bitnet.model.load.StoredType;
import bitnet.model.load.TokenizerFiles;
import bitnet.model.load.WeightConverter;

/**
 * Opens a Hugging Face model folder: {@code config.json}, {@code model.safetensors} or the shards named by
 * {@code model.safetensors.index.json}, {@code tokenizer.json}, and when present {@code tokenizer_config.json}
 * (chat template, BOS token) and {@code generation_config.json} (end-of-sequence ids).
 */
public final class HfFolderLoader {
    /** The configuration file that marks a Hugging Face folder. */
    public static final String CONFIG = "config.json";
    static final String SINGLE = "model.safetensors";
    static final String INDEX = "model.safetensors.index.json";
    static final String GENERATION = "generation_config.json";

    private HfFolderLoader() {
    }

    /**
     * @param folder a folder holding config.json
     * @param tensors makes the converted tensors
     * @param progress told after each tensor
     * @return the checkpoint, owned by the caller
     * @throws ModelFormatException if a file is missing, malformed or inconsistent; nothing stays mapped or allocated
     */
    public static Checkpoint load(Path folder, TensorFactory tensors, LoadProgress progress) {
        HfConfig config = HfConfig.read(folder.resolve(CONFIG));
        CheckpointFacts facts = facts(folder, config);
        List<MappedFile> files = new ArrayList<>();
        try {
            Path index = folder.resolve(INDEX);
            Path single = folder.resolve(SINGLE);
            Map<String, StoredTensor> stored;
            Path weights;
            if (Files.isRegularFile(index)) {
                stored = shards(folder, index, files);
                weights = index;
            } else if (Files.isRegularFile(single)) {
                files.add(MappedFile.open(single));
                stored = SafetensorsFile.read(files.get(0));
                weights = single;
            } else {
                throw new ModelFormatException(folder, "holds " + CONFIG + " but neither " + SINGLE + " nor " + INDEX);
            }
            return new Build(folder, weights, config, stored).run(tensors, progress, facts);
        } finally {
            // Converted weights no longer need the files; zero-copy tensors hold their own references.
            files.forEach(MappedFile::close);
        }
    }

    private static Map<String, StoredTensor> shards(Path folder, Path index, List<MappedFile> files) {
        ObjectNode json = JsonFiles.readObject(index);
        JsonNode map = json.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new ModelFormatException(index, "key \"weight_map\" must be an object of tensor name -> file");
        }
        Map<String, String> shardOf = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String shard = e.getValue().asText("");
            if (!e.getValue().isTextual() || shard.isEmpty() || shard.contains("/") || shard.contains("\\")
                    || shard.equals("..")) {
                throw new ModelFormatException(index, "key \"weight_map\" maps tensor " + e.getKey() + " to "
                        + e.getValue() + "; expected a file name in the same folder");
            }
            shardOf.put(e.getKey(), shard);
        }
        Map<String, StoredTensor> all = new LinkedHashMap<>();
        for (String shard : new LinkedHashSet<>(shardOf.values())) {
            MappedFile file = MappedFile.open(folder.resolve(shard));
            files.add(file);
            for (StoredTensor t : SafetensorsFile.read(file).values()) {
                StoredTensor earlier = all.putIfAbsent(t.name(), t);
                if (earlier != null) {
                    throw new ModelFormatException(file.path(), "tensor " + t.name() + " is stored twice: in "
                            + earlier.file().path().getFileName() + " and in " + shard);
                }
            }
        }
        shardOf.forEach((name, shard) -> {
            StoredTensor t = all.get(name);
            if (t == null || !t.file().path().getFileName().toString().equals(shard)) {
                throw new ModelFormatException(index, "key \"weight_map\" puts tensor " + name + " in " + shard
                        + ", but " + shard + " does not hold it");
            }
        });
        return all;
    }

    private static CheckpointFacts facts(Path folder, HfConfig config) {
        Path tokenizer = folder.resolve(TokenizerFiles.TOKENIZER_JSON);
        if (!Files.isRegularFile(tokenizer)) {
            throw new ModelFormatException(folder, "holds no " + TokenizerFiles.TOKENIZER_JSON
                    + "; a Hugging Face model folder needs it for the tokenizer");
        }
        Path tokenizerConfig = folder.resolve(TokenizerFiles.TOKENIZER_CONFIG);
        ObjectNode tc = Files.isRegularFile(tokenizerConfig) ? JsonFiles.readObject(tokenizerConfig) : null;
        TokenizerFiles.Template template = TokenizerFiles.folderTemplate(folder, tc);
        Path generation = folder.resolve(GENERATION);
        ObjectNode gen = Files.isRegularFile(generation) ? JsonFiles.readObject(generation) : null;

        String bosName = tc == null ? null : TokenizerFiles.bosToken(tc);
        Set<String> wanted = new HashSet<>(TokenizerFiles.STOP_TOKENS);
        if (bosName != null) {
            wanted.add(bosName);
        }
        Map<String, Integer> ids = TokenizerFiles.findIds(tokenizer, wanted);
        Integer bos = config.bosTokenId();
        if (bos == null && gen != null && !JsonFiles.absent(gen, "bos_token_id")) {
            bos = JsonFiles.integer(generation, gen, "bos_token_id", 0);
        }
        if (bos == null && bosName != null) {
            bos = ids.get(bosName);
        }
        Set<Integer> stop = new LinkedHashSet<>(config.eosTokenIds());
        if (gen != null) {
            stop.addAll(HfConfig.tokenIds(generation, gen, "eos_token_id"));
        }
        for (String name : TokenizerFiles.STOP_TOKENS) {
            if (ids.containsKey(name)) {
                stop.add(ids.get(name));
            }
        }
        return new CheckpointFacts(new TokenizerSource("tokenizer.json in the model folder", tokenizer, null),
                template == null ? null : template.text(), template == null ? null : template.source(), bos, true,
                stop, tc == null ? null : TokenizerFiles.eosToken(tc));
    }

    /** One folder's tensors checked against its config.json and converted. */
    private record Build(Path folder, Path weights, HfConfig config, Map<String, StoredTensor> stored) {

        Checkpoint run(TensorFactory tensors, LoadProgress progress, CheckpointFacts facts) {
            boolean hasHead = !config.tieWordEmbeddings();
            if (hasHead && !stored.containsKey("lm_head.weight")) {
                throw new ModelFormatException(weights, "tensor lm_head.weight is missing, and config.json's "
                        + "tie_word_embeddings is not true (the LM head would be the embedding only then)");
            }
            ModelConfig mc = config.modelConfig(!hasHead);
            for (String name : stored.keySet()) {
                if (name.endsWith(".bias")) {
                    throw new ModelFormatException(stored.get(name).file().path(), "tensor " + name
                            + ": biases are not supported (BitNet b1.58 has none)");
                }
            }
            try (Assembly assembly = new Assembly(progress, 2 + (hasHead ? 1 : 0) + 11 * mc.layers())) {
                stored.values().forEach(t -> assembly.countStored(t.type()));
                WeightConverter convert = new WeightConverter(tensors, assembly);
                String vocab = "vocab_size " + mc.vocabSize() + " rows, hidden_size " + mc.hiddenSize() + " columns";
                Tensor embedding = convert.matrix(expect("model.embed_tokens.weight",
                        new long[] {mc.vocabSize(), mc.hiddenSize()}, vocab));
                List<LayerWeights> layers = new ArrayList<>();
                for (int l = 0; l < mc.layers(); l++) {
                    layers.add(layer(convert, mc, l));
                }
                Tensor norm = convert.norm(expect("model.norm.weight", new long[] {mc.hiddenSize()}, "hidden_size"));
                Tensor head = hasHead ? convert.matrix(expect("lm_head.weight",
                        new long[] {mc.vocabSize(), mc.hiddenSize()}, vocab)) : null;
                if (!hasHead && stored.containsKey("lm_head.weight")) {
                    assembly.note("lm_head.weight is not used: tie_word_embeddings is true, so the LM head is the "
                            + "embedding");
                }
                return assembly.build(folder, "safetensors", mc, embedding, norm, head, layers, facts);
            }
        }

        private LayerWeights layer(WeightConverter convert, ModelConfig mc, int l) {
            String p = "model.layers." + l + ".";
            long hidden = mc.hiddenSize();
            String q = "num_attention_heads " + mc.heads() + " x head_dim " + mc.headDim();
            String kv = "num_key_value_heads " + mc.kvHeads() + " x head_dim " + mc.headDim();
            String h = "hidden_size " + hidden;
            String inter = "intermediate_size " + mc.intermediateSize();
            Tensor inputNorm = convert.norm(expect(p + "input_layernorm.weight", new long[] {hidden}, h));
            TernaryLinear wq = projection(convert, p + "self_attn.q_proj", mc.queryWidth(), mc.hiddenSize(), q, h);
            TernaryLinear wk = projection(convert, p + "self_attn.k_proj", mc.kvWidth(), mc.hiddenSize(), kv, h);
            TernaryLinear wv = projection(convert, p + "self_attn.v_proj", mc.kvWidth(), mc.hiddenSize(), kv, h);
            Tensor attnSub = convert.norm(expect(p + "self_attn.attn_sub_norm.weight", new long[] {mc.queryWidth()},
                    q));
            TernaryLinear wo = projection(convert, p + "self_attn.o_proj", mc.hiddenSize(), mc.queryWidth(), h, q);
            Tensor postNorm = convert.norm(expect(p + "post_attention_layernorm.weight", new long[] {hidden}, h));
            TernaryLinear gate = projection(convert, p + "mlp.gate_proj", mc.intermediateSize(), mc.hiddenSize(),
                    inter, h);
            TernaryLinear up = projection(convert, p + "mlp.up_proj", mc.intermediateSize(), mc.hiddenSize(), inter,
                    h);
            Tensor ffnSub = convert.norm(expect(p + "mlp.ffn_sub_norm.weight", new long[] {mc.intermediateSize()},
                    inter));
            TernaryLinear down = projection(convert, p + "mlp.down_proj", mc.hiddenSize(), mc.intermediateSize(), h,
                    inter);
            return new LayerWeights(inputNorm, wq, wk, wv, attnSub, wo, postNorm, gate, up, ffnSub, down);
        }

        private TernaryLinear projection(WeightConverter convert, String module, int out, int in, String outWhy,
                String inWhy) {
            String name = module + ".weight";
            StoredTensor t = require(name);
            String why = outWhy + " rows, " + inWhy + " columns";
            if (t.type() == StoredType.U8) {
                if (out % 4 != 0) {
                    throw new ModelFormatException(t.file().path(), "tensor " + name + " is packed four rows per "
                            + "byte, but config.json implies " + out + " rows (" + outWhy + "), not a multiple of 4");
                }
                checkShape(t, new long[] {out / 4, in}, why + ", four rows packed per byte");
                StoredTensor scale = require(module + ".weight_scale");
                return convert.packed(t, scale, config.divideScale(), out, in);
            }
            if (t.type() == StoredType.F32 || t.type() == StoredType.F16 || t.type() == StoredType.BF16) {
                checkShape(t, new long[] {out, in}, why);
                return convert.latent(t, out, in);
            }
            throw new ModelFormatException(t.file().path(), "tensor " + name + " is stored as " + t.type()
                    + "; projections must be U8 (packed ternary) or F32/F16/BF16 (latent weights)");
        }

        private StoredTensor expect(String name, long[] shape, String why) {
            StoredTensor t = require(name);
            checkShape(t, shape, why);
            return t;
        }

        private StoredTensor require(String name) {
            StoredTensor t = stored.get(name);
            if (t == null) {
                String hint = config.architecture().equals(HfConfig.LLAMA) && name.contains("sub_norm")
                        ? "; LlamaForCausalLM checkpoints load only when they carry BitNet's sub-norms" : "";
                throw new ModelFormatException(weights, "tensor " + name + " is missing" + hint);
            }
            return t;
        }

        private static void checkShape(StoredTensor t, long[] expected, String why) {
            if (!Arrays.equals(t.shape(), expected)) {
                throw new ModelFormatException(t.file().path(), "tensor " + t.name() + " has shape " + t.shapeText()
                        + ", but config.json implies " + Arrays.toString(expected) + " (" + why + ")");
            }
        }
    }
}
