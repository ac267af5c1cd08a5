package bitnet.model.hf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bitnet.api.model.ModelConfig;
import bitnet.api.model.ModelFormatException;
import bitnet.model.load.JsonFiles;

/**
 * A Hugging Face {@code config.json} of a BitNet b1.58 model, read as transformers' {@code BitNetConfig} reads it,
 * accepting the key spellings of older and newer transformers versions.
 *
 * @param file the config.json
 * @param architecture {@code BitNetForCausalLM} or {@code LlamaForCausalLM}
 * @param vocabSize {@code vocab_size}
 * @param hiddenSize {@code hidden_size}
 * @param intermediateSize {@code intermediate_size}
 * @param layers {@code num_hidden_layers}
 * @param heads {@code num_attention_heads}
 * @param kvHeads {@code num_key_value_heads} (default: heads)
 * @param headDim {@code head_dim} (default: hidden / heads)
 * @param rmsNormEps {@code rms_norm_eps}
 * @param ropeTheta {@code rope_theta} or {@code rope_parameters.rope_theta}
 * @param contextLength {@code max_position_embeddings}
 * @param tieWordEmbeddings {@code tie_word_embeddings} (default false, as BitNetConfig)
 * @param divideScale true when {@code quantization_config.linear_class} is {@code bitlinear} or absent (the stored
 *     weight_scale divides), false for {@code autobitlinear} (it multiplies)
 * @param bosTokenId {@code bos_token_id}, or null
 * @param eosTokenIds {@code eos_token_id} (an int or a list)
 */
record HfConfig(Path file, String architecture, int vocabSize, int hiddenSize, int intermediateSize, int layers,
        int heads, int kvHeads, int headDim, float rmsNormEps, float ropeTheta, int contextLength,
        boolean tieWordEmbeddings, boolean divideScale, Integer bosTokenId, List<Integer> eosTokenIds) {

    static final String BITNET = "BitNetForCausalLM";
    static final String LLAMA = "LlamaForCausalLM";

    /**
     * @param file config.json
     * @return the configuration
     * @throws ModelFormatException if the file is missing, malformed, or describes something else
     */
    static HfConfig read(Path file) {
        ObjectNode c = JsonFiles.readObject(file);
        String architecture = architecture(file, c);
        String act = JsonFiles.text(file, c, "hidden_act");
        if (act != null && !act.equals("relu2")) {
            throw new ModelFormatException(file, "key \"hidden_act\" is \"" + act + "\"; BitNet b1.58 uses relu2, "
                    + "and this runtime implements no other activation");
        }
        for (String bias : List.of("attention_bias", "mlp_bias")) {
            if (JsonFiles.bool(file, c, bias, false)) {
                throw new ModelFormatException(file, "key \"" + bias + "\" is true; biases are not supported");
            }
        }
        int hidden = JsonFiles.integer(file, c, "hidden_size", 1);
        int heads = JsonFiles.integer(file, c, "num_attention_heads", 1);
        int headDim;
        if (JsonFiles.absent(c, "head_dim")) {
            if (hidden % heads != 0) {
                throw new ModelFormatException(file, "key \"head_dim\" is missing and hidden_size " + hidden
                        + " is not a multiple of num_attention_heads " + heads);
            }
            headDim = hidden / heads;
        } else {
            headDim = JsonFiles.integer(file, c, "head_dim", 1);
        }
        int kvHeads = JsonFiles.absent(c, "num_key_value_heads") ? heads
                : JsonFiles.integer(file, c, "num_key_value_heads", 1);
        if (heads % kvHeads != 0) {
            throw new ModelFormatException(file, "key \"num_key_value_heads\" is " + kvHeads + ", which does not "
                    + "divide num_attention_heads " + heads + " (grouped-query attention needs whole groups)");
        }
        if (headDim % 2 != 0) {
            throw new ModelFormatException(file, "the head width " + headDim + " (head_dim, or hidden_size / "
                    + "num_attention_heads) is odd; RoPE needs an even one");
        }
        return new HfConfig(file, architecture, JsonFiles.integer(file, c, "vocab_size", 1), hidden,
                JsonFiles.integer(file, c, "intermediate_size", 1), JsonFiles.integer(file, c, "num_hidden_layers", 1),
                heads, kvHeads, headDim, JsonFiles.number(file, c, "rms_norm_eps"), ropeTheta(file, c),
                JsonFiles.integer(file, c, "max_position_embeddings", 1),
                JsonFiles.bool(file, c, "tie_word_embeddings", false), divideScale(file, c),
                JsonFiles.absent(c, "bos_token_id") ? null : JsonFiles.integer(file, c, "bos_token_id", 0),
                tokenIds(file, c, "eos_token_id"));
    }

    /**
     * @param tied whether the LM head is the embedding
     * @return the platform's configuration
     * @throws ModelFormatException if the values are inconsistent (e.g. kv heads not dividing heads)
     */
    ModelConfig modelConfig(boolean tied) {
        try {
            return new ModelConfig(architecture, vocabSize, hiddenSize, intermediateSize, layers, heads, kvHeads,
                    headDim, rmsNormEps, ropeTheta, contextLength, tied);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, e.getMessage());
        }
    }

    /**
     * @param file the JSON file, for messages
     * @param object the object holding {@code key}
     * @param key e.g. {@code eos_token_id}
     * @return its ids: none if absent, one for an int, all of a list of ints
     */
    static List<Integer> tokenIds(Path file, JsonNode object, String key) {
        JsonNode v = object.get(key);
        List<Integer> ids = new ArrayList<>();
        if (v == null || v.isNull()) {
            return ids;
        }
        if (v.isArray()) {
            for (JsonNode id : v) {
                ids.add(tokenId(file, key, id));
            }
        } else {
            ids.add(tokenId(file, key, v));
        }
        return ids;
    }

    private static int tokenId(Path file, String key, JsonNode id) {
        if (!id.isIntegralNumber() || !id.canConvertToInt() || id.asInt() < 0) {
            throw new ModelFormatException(file, "key \"" + key + "\" must hold token ids (integers >= 0), not "
                    + id);
        }
        return id.asInt();
    }

    private static String architecture(Path file, ObjectNode c) {
        JsonNode list = c.get("architectures");
        if (list == null || list.isNull()) {
            if ("bitnet".equals(JsonFiles.text(file, c, "model_type"))) {
                return BITNET;
            }
            throw new ModelFormatException(file, "key \"architectures\" is missing and \"model_type\" is not "
                    + "\"bitnet\"; expected a BitNetForCausalLM checkpoint");
        }
        List<String> names = new ArrayList<>();
        list.forEach(n -> names.add(n.asText()));
        for (String wanted : List.of(BITNET, LLAMA)) {
            if (names.contains(wanted)) {
                return wanted;
            }
        }
        throw new ModelFormatException(file, "key \"architectures\" is " + names + "; supported are " + BITNET
                + " and " + LLAMA + "-shaped BitNet checkpoints (with BitNet's sub-norms)");
    }

    private static float ropeTheta(Path file, ObjectNode c) {
        JsonNode scaling = c.get("rope_scaling");
        if (scaling != null && !scaling.isNull() && !"default".equals(ropeType(scaling))) {
            throw new ModelFormatException(file, "key \"rope_scaling\" is " + scaling + "; RoPE scaling is not "
                    + "supported");
        }
        if (!JsonFiles.absent(c, "rope_theta")) {
            return JsonFiles.number(file, c, "rope_theta");
        }
        JsonNode params = c.get("rope_parameters");
        if (params != null && params.isObject()) {
            String type = ropeType(params);
            if (type != null && !type.equals("default")) {
                throw new ModelFormatException(file, "key \"rope_parameters.rope_type\" is \"" + type + "\"; only "
                        + "the default RoPE is supported");
            }
            if (!JsonFiles.absent(params, "rope_theta")) {
                return JsonFiles.number(file, params, "rope_theta");
            }
        }
        throw new ModelFormatException(file, "neither key \"rope_theta\" nor \"rope_parameters.rope_theta\" is "
                + "present");
    }

    private static String ropeType(JsonNode node) {
        JsonNode t = node.has("rope_type") ? node.get("rope_type") : node.get("type");
        return t == null || t.isNull() ? null : t.asText();
    }

    private static boolean divideScale(Path file, ObjectNode c) {
        JsonNode q = c.get("quantization_config");
        if (q == null || q.isNull()) {
            return true;
        }
        String method = JsonFiles.text(file, q, "quant_method");
        if (method != null && !method.equals("bitnet")) {
            throw new ModelFormatException(file, "key \"quantization_config.quant_method\" is \"" + method
                    + "\"; only \"bitnet\" is supported");
        }
        String linearClass = JsonFiles.text(file, q, "linear_class");
        if (linearClass == null || linearClass.equals("bitlinear")) {
            return true;
        }
        if (linearClass.equals("autobitlinear")) {
            return false;
        }
        throw new ModelFormatException(file, "key \"quantization_config.linear_class\" is \"" + linearClass
                + "\"; expected \"autobitlinear\" or \"bitlinear\"");
    }
}
