package bitnet.api.inference;

import java.util.List;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

import bitnet.api.model.ModelConfig;
import bitnet.api.tokenizer.Tokenizer;

/**
 * A loaded model: its weights, tokenizer and chat template. Opening sessions is thread-safe; each session is used
 * by one thread at a time. Closing the model closes its sessions.
 */
@ProviderType
public interface Model extends AutoCloseable {

    /** @return what the model is and how it was loaded */
    ModelInfo info();

    /** @return the hyper-parameters */
    default ModelConfig config() {
        return info().config();
    }

    /** @return the model's tokenizer */
    Tokenizer tokenizer();

    /**
     * Encodes a prompt with the model's begin-of-text policy: exactly one BOS token first when the model has one,
     * whether the tokenizer adds it or not.
     *
     * @param text the prompt
     * @return token ids
     */
    int[] encodePrompt(String text);

    /**
     * Renders a conversation with the model's own chat template (a Jinja template) and encodes it with the
     * begin-of-text policy of {@link #encodePrompt(String)}.
     *
     * @param messages the conversation
     * @param addGenerationPrompt end with the prompt for the assistant's next turn
     * @return token ids
     * @throws InferenceException if the model has no chat template or the template fails (its message)
     */
    int[] encodeChat(List<ChatMessage> messages, boolean addGenerationPrompt);

    /**
     * @param messages the conversation
     * @param addGenerationPrompt end with the prompt for the assistant's next turn
     * @return the rendered text
     * @throws InferenceException if the model has no chat template or the template fails
     */
    String renderChat(List<ChatMessage> messages, boolean addGenerationPrompt);

    /** @return bytes of pool memory held by the KV caches of this model's open sessions */
    long kvCacheBytes();

    /** @return token ids that end a generation */
    Set<Integer> stopTokenIds();

    /**
     * Opens a session with a KV cache for the whole context.
     *
     * @return a session, owned by the caller
     */
    default Session newSession() {
        return newSession(info().config().contextLength());
    }

    /**
     * Opens a session with a KV cache of {@code capacity} positions, allocated from the memory pool.
     *
     * @param capacity positions, from 1 to the model's context length
     * @return a session, owned by the caller
     * @throws InferenceException if the capacity is out of range
     * @throws bitnet.api.memory.OutOfPoolMemoryException if the pool cannot hold the cache
     */
    Session newSession(int capacity);

    /**
     * Opens a session whose KV cache has the given precision instead of the precision plan's (for work that wants
     * the most exact logits, or the least memory).
     *
     * @param capacity positions, from 1 to the model's context length
     * @param kvCache {@link bitnet.api.precision.Precision#F32} or {@link bitnet.api.precision.Precision#F16}
     * @return a session, owned by the caller
     * @throws InferenceException if the capacity is out of range or the precision is not supported
     */
    Session newSession(int capacity, bitnet.api.precision.Precision kvCache);

    /**
     * Starts a scheduler that runs many generations of this model together. It runs until closed (or the model is).
     *
     * @param options its limits
     * @return the scheduler, owned by the caller
     * @throws InferenceException if the capacity exceeds the model's context
     */
    BatchScheduler scheduler(SchedulerOptions options);

    /** Closes every open session and scheduler and releases the weights. Idempotent. */
    @Override
    void close();
}
