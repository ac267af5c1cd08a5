package bitnet.api.model;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/** Opens checkpoints. A service; thread-safe. */
@ProviderType
public interface CheckpointLoader {

    /**
     * Opens a Hugging Face model folder ({@code config.json}, {@code model.safetensors} or a sharded
     * {@code model.safetensors.index.json}, tokenizer files) or a GGUF file.
     *
     * @param path a folder or a {@code .gguf} file
     * @param progress told after each tensor
     * @return the checkpoint, owned by the caller
     * @throws ModelFormatException if the files are malformed or unsupported; nothing stays mapped or allocated
     */
    Checkpoint open(Path path, LoadProgress progress);
}
