package bitnet.api.inference;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import bitnet.api.model.ModelConfig;
import bitnet.api.precision.Precision;

/**
 * What a loaded model is and how it was loaded, for {@code bitnet:model-info} and {@code /v1/models}.
 *
 * @param source the folder or file
 * @param format {@code "safetensors"} or {@code "gguf"}
 * @param config the hyper-parameters
 * @param storedTypes tensor count by stored type
 * @param mappedBytes bytes read in place from the mapped file
 * @param convertedBytes bytes converted into pool memory at load
 * @param tokenizerSource where the tokenizer came from
 * @param chatTemplateSource where the chat template came from, or {@code "none"}
 * @param kvCache the KV-cache precision
 * @param lmHead how the LM head is held ({@code "F16 (tied to the embedding)"}, {@code "INT8 per row"}, ...)
 * @param notes what the load changed or assumed
 */
public record ModelInfo(Path source, String format, ModelConfig config, Map<String, Integer> storedTypes,
        long mappedBytes, long convertedBytes, String tokenizerSource, String chatTemplateSource, Precision kvCache,
        String lmHead, List<String> notes) {
    /** Copies the collections. */
    public ModelInfo {
        storedTypes = Map.copyOf(storedTypes);
        notes = List.copyOf(notes);
    }
}
