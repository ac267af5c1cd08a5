package bitnet.api.inference;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

import bitnet.api.model.ModelFormatException;

/** Loads models. A service; thread-safe. */
@ProviderType
public interface ModelLoader {

    /**
     * @param path a Hugging Face model folder or a GGUF file
     * @param options how to load it
     * @return the model, owned by the caller (close it to unmap the file and free its memory)
     * @throws ModelFormatException if the files are malformed or unsupported
     * @throws InferenceException if the options cannot be honoured (e.g. an unsupported KV-cache precision)
     */
    Model load(Path path, LoadOptions options);

    /**
     * @param path a Hugging Face model folder or a GGUF file
     * @return the model with {@link LoadOptions#defaults()}
     */
    default Model load(Path path) {
        return load(path, LoadOptions.defaults());
    }

    /** @return the models this loader loaded that are not closed yet, oldest first */
    java.util.List<Model> loaded();
}
