package bitnet.api.inference;

/**
 * What a generation produced.
 *
 * @param tokens the generated token ids, without a final stop token
 * @param text their text, cut before a stop string
 * @param finishReason why it ended
 * @param promptTokens tokens prefilled for this generation (not counting what the session held before)
 * @param prefillNanos time spent on the prompt
 * @param generateNanos time spent generating (from the first sampled token to the end)
 */
public record GenerationResult(int[] tokens, String text, FinishReason finishReason, int promptTokens,
        long prefillNanos, long generateNanos) {

    /** @return prompt tokens per second, or 0 for an empty prompt */
    public double promptTokensPerSecond() {
        return prefillNanos <= 0 ? 0 : promptTokens * 1e9 / prefillNanos;
    }

    /** @return generated tokens per second, or 0 when none were generated */
    public double generatedTokensPerSecond() {
        return generateNanos <= 0 ? 0 : tokens.length * 1e9 / generateNanos;
    }
}
