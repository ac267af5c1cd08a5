package bitnet.api.tokenizer;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Loads tokenizers from files. Thread-safe.
 */
@ProviderType
public interface TokenizerFactory {

    /**
     * Loads a tokenizer from a Hugging Face {@code tokenizer.json}, a folder holding one (preferred) or
     * {@code vocab.json} + {@code merges.txt}, or a {@code vocab.txt}.
     *
     * @param path a file or folder
     * @return the tokenizer
     * @throws TokenizerException if nothing loadable is there, or the file uses a component that is not
     *     supported (the message names it)
     */
    Tokenizer load(Path path);

    /**
     * Reads a Hugging Face {@code tokenizer.json} document held in memory (one a model file carries, or one built
     * from a GGUF file's tokenizer keys).
     *
     * @param tokenizerJson the document
     * @return the tokenizer
     * @throws TokenizerException if it is not valid JSON or uses a component that is not supported
     */
    Tokenizer fromJson(String tokenizerJson);
}
