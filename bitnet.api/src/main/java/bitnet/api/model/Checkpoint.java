package bitnet.api.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

import bitnet.api.tensor.Tensor;

/**
 * An opened checkpoint: every tensor of a BitNet b1.58 decoder, in platform tensors, plus the metadata needed to
 * run it. Tensors that the kernels can read as stored stay in the memory-mapped file (zero-copy); the others were
 * converted once, at load, into pool memory. The tensors belong to the checkpoint: callers must not close them, and
 * must not use them after {@link #close()}; to keep one longer, take a view of it (a view holds its own reference).
 *
 * <p>Thread-safe for reading.
 */
@ProviderType
public interface Checkpoint extends AutoCloseable {

    /** @return the file or folder it was opened from */
    Path source();

    /** @return {@code "safetensors"} or {@code "gguf"} */
    String format();

    /** @return the hyper-parameters */
    ModelConfig config();

    /** @return the token embedding {@code [vocab, hidden]}, F32, F16 or BF16 as stored */
    Tensor embedding();

    /** @return the final norm's weight {@code [hidden]}, F32 */
    Tensor finalNorm();

    /**
     * @return the LM head {@code [vocab, hidden]} (F32, F16 or BF16), or empty when it is tied to
     *     {@link #embedding()}; it is a plain matrix product, not a BitLinear
     */
    Optional<Tensor> lmHead();

    /** @return the decoder layers, in order */
    List<LayerWeights> layers();

    /** @return where the tokenizer comes from */
    TokenizerSource tokenizer();

    /** @return the Jinja chat template, if the checkpoint carries one */
    Optional<String> chatTemplate();

    /** @return where {@link #chatTemplate()} came from ({@code "tokenizer_config.json"}, ...), or {@code "none"} */
    String chatTemplateSource();

    /** @return the begin-of-text token id, if the checkpoint names one */
    OptionalInt bosTokenId();

    /**
     * @return whether encoding a prompt should start with {@link #bosTokenId()} (a GGUF file's
     *     {@code tokenizer.ggml.add_bos_token}; true for Hugging Face folders whose tokenizer does not add it)
     */
    boolean addBosToken();

    /**
     * @return the end-of-sequence token's text as the tokenizer configuration names it (chat templates use it as
     *     {@code eos_token}), if known
     */
    default Optional<String> eosToken() {
        return Optional.empty();
    }

    /** @return token ids that end a generation (end of text, end of turn, and the generation config's) */
    Set<Integer> stopTokenIds();

    /** @return stored tensor types and how many tensors of each, e.g. {@code I2_S=210, F32=121, F16=1} */
    Map<String, Integer> storedTypes();

    /** @return bytes of tensors read in place from the mapped file */
    long mappedBytes();

    /** @return bytes of tensors converted at load into pool memory */
    long convertedBytes();

    /** @return what the load had to change or assume, for people (e.g. a tensor quantized with absmean) */
    List<String> notes();

    /** Unmaps the file and returns converted tensors to the pool. Idempotent. */
    @Override
    void close();
}
