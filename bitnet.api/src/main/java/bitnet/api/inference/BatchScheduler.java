package bitnet.api.inference;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs many generations of one model together (continuous batching): the running generations advance in one pass
 * per step, each projection a ternary GEMM over one new token of every one of them; new requests join between
 * steps; a finished one leaves at once. Each generation gets exactly the tokens it would get alone (BitNet's
 * per-token activation quantization keeps rows independent; the seed drives its own sampler).
 *
 * <p>Listeners are called on the scheduler's thread: they must return quickly (hand the text to another thread).
 * Thread-safe.
 */
@ProviderType
public interface BatchScheduler extends AutoCloseable {

    /**
     * Queues a generation. It starts when a place is free ({@link SchedulerOptions#maxActive}) and its KV cache fits
     * the memory pool; until then it waits in the queue.
     *
     * @param request the prompt and options
     * @param listener told about each generated token, on the scheduler's thread
     * @return the pending generation
     * @throws QueueFullException if {@link SchedulerOptions#maxActive} plus {@link SchedulerOptions#maxQueued}
     *     requests are already running or waiting
     * @throws ContextOverflowException if the prompt plus {@code maxTokens} exceeds the capacity
     * @throws InferenceException if a token id is outside the vocabulary, or the scheduler is closed
     */
    PendingGeneration submit(GenerationRequest request, TokenListener listener);

    /** @return counts of what is running, waiting and done */
    SchedulerStats stats();

    /** @return the options it runs with */
    SchedulerOptions options();

    /** Cancels every generation, running or queued, frees every KV cache and stops the thread. Idempotent. */
    @Override
    void close();
}
