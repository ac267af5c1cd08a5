package bitnet.api.inference;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import bitnet.api.tensor.Tensor;

/**
 * A conversation with a model: the tokens it has seen and their KV cache. One thread at a time; {@link #cancel()}
 * may be called from any thread.
 */
@ProviderType
public interface Session extends AutoCloseable {

    /** @return tokens held in the cache */
    int position();

    /** @return positions the cache can hold */
    int capacity();

    /** @return a copy of the token ids held in the cache, in order */
    int[] tokens();

    /**
     * Runs tokens through the model at {@link #position()} (one pass for all of them) and keeps their keys and
     * values in the cache.
     *
     * @param ids token ids, each in {@code [0, vocab)}
     * @param allPositions true for the logits of every position, false for the last one only
     * @return F32 logits {@code [ids.length, vocab]} or {@code [1, vocab]}, owned by the caller
     * @throws ContextOverflowException if the tokens do not fit the cache
     * @throws InferenceException if an id is out of range or {@code ids} is empty
     */
    Tensor prefill(int[] ids, boolean allPositions);

    /**
     * Feeds a prompt (after what the session already holds) and generates from it.
     *
     * @param promptIds token ids; may be empty when the session already holds tokens
     * @param options how to sample and when to stop
     * @param listener told about each token as it comes
     * @return the generated tokens and text
     * @throws ContextOverflowException if the prompt plus {@code maxTokens} does not fit the cache
     */
    GenerationResult generate(int[] promptIds, GenerationOptions options, TokenListener listener);

    /**
     * Adds messages to the conversation and generates the assistant's answer, which is then part of the
     * conversation. The whole conversation is rendered with the chat template; the part of it already in the cache
     * is not computed again.
     *
     * @param messages new messages (usually one user message; a system message first in a new session)
     * @param options how to sample and when to stop
     * @param listener told about each token as it comes
     * @return the answer
     * @throws InferenceException if the model has no chat template
     * @throws ContextOverflowException if the conversation plus {@code maxTokens} does not fit the cache
     */
    GenerationResult chat(List<ChatMessage> messages, GenerationOptions options, TokenListener listener);

    /** @return the conversation so far ({@link #chat} turns) */
    List<ChatMessage> history();

    /**
     * Forgets the tokens from {@code position} on, keeping the cache before it (and clears the conversation).
     *
     * @param position from 0 to {@link #position()}
     * @throws IllegalArgumentException if out of range
     */
    void truncate(int position);

    /** Asks a running generation to end after the current step ({@link FinishReason#CANCELLED}). */
    void cancel();

    /** Returns the KV cache to the pool. Idempotent. */
    @Override
    void close();
}
