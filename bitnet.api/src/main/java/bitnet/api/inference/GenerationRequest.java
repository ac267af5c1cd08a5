package bitnet.api.inference;

import java.util.Objects;

/**
 * One generation for a {@link BatchScheduler}: a prompt of token ids (already rendered and encoded, e.g. with
 * {@link Model#encodeChat}) and how to generate.
 *
 * @param promptIds the prompt, at least one token, each in the vocabulary
 * @param options how to sample and when to stop
 */
public record GenerationRequest(int[] promptIds, GenerationOptions options) {
    /** @throws NullPointerException if a component is null; copies the ids */
    public GenerationRequest {
        Objects.requireNonNull(promptIds, "promptIds");
        Objects.requireNonNull(options, "options");
        promptIds = promptIds.clone();
    }

    @Override
    public int[] promptIds() {
        return promptIds.clone();
    }
}
