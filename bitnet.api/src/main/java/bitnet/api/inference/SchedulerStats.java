package bitnet.api.inference;

/**
 * What a {@link BatchScheduler} is doing and has done.
 *
 * @param active generations running now
 * @param queued requests waiting for a place
 * @param kvCacheBytes pool bytes held by KV caches (running and prefix-cached)
 * @param completed generations finished (any reason)
 * @param failed generations that ended with an error
 * @param promptTokens prompt tokens submitted
 * @param promptTokensReused prompt tokens taken from the prefix cache instead of computed
 * @param generatedTokens tokens generated
 * @param passes forward passes run
 * @param lowPrecisionCaches KV caches opened at a lower precision than the policy's usual one because of memory
 *     pressure
 */
public record SchedulerStats(int active, int queued, long kvCacheBytes, long completed, long failed,
        long promptTokens, long promptTokensReused, long generatedTokens, long passes, long lowPrecisionCaches) {
}
