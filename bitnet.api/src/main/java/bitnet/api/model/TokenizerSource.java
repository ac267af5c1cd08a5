package bitnet.api.model;

import java.nio.file.Path;

/**
 * Where a checkpoint's tokenizer comes from: a {@code tokenizer.json} file, or one built from the checkpoint's own
 * metadata (a GGUF file's {@code tokenizer.ggml.*} keys) in the same JSON form.
 *
 * @param description for people, e.g. {@code "tokenizer.json beside the model"} or
 *     {@code "GGUF tokenizer.ggml.* keys (gpt2 BPE, llama-bpe pre-tokenizer)"}
 * @param file the {@code tokenizer.json} to load, or null when {@code json} holds it
 * @param json a Hugging Face {@code tokenizer.json} document, or null when {@code file} holds it
 */
public record TokenizerSource(String description, Path file, String json) {
    /** @throws IllegalArgumentException unless exactly one of {@code file} and {@code json} is given */
    public TokenizerSource {
        if ((file == null) == (json == null)) {
            throw new IllegalArgumentException("give either a tokenizer.json file or its JSON text");
        }
    }
}
