package bitnet.api.inference;

import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/** A generation submitted to a {@link BatchScheduler}. Thread-safe. */
@ProviderType
public interface PendingGeneration {

    /**
     * @return completes with the result (finish reason {@link FinishReason#CANCELLED} if cancelled), or exceptionally
     *     with an {@link InferenceException} (a prompt that does not fit, a model closed meanwhile)
     */
    CompletableFuture<GenerationResult> result();

    /** Ends the generation as soon as possible (before its next token) and frees its KV cache; idempotent. */
    void cancel();
}
