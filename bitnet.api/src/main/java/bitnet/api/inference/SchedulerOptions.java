package bitnet.api.inference;

/**
 * How a {@link BatchScheduler} runs.
 *
 * @param maxActive generations advanced together (each holds a KV cache), at least 1
 * @param maxQueued requests waiting for a place, at least 0; with {@code maxActive + maxQueued} running or waiting,
 *     {@link BatchScheduler#submit} refuses
 * @param capacity positions of each generation's KV cache (prompt plus generated tokens), 1 to the model's context
 * @param prefixCacheEntries finished generations whose KV caches are kept, so that a request sharing a prefix with one
 *     (a chat's earlier turns) skips computing it; 0 turns prefix caching off
 * @param maxPrefillTokens prompt tokens computed in one pass at most, so that a long prompt joining does not stall the
 *     generations already running for long; at least 1
 */
public record SchedulerOptions(int maxActive, int maxQueued, int capacity, int prefixCacheEntries,
        int maxPrefillTokens) {
    /** @throws IllegalArgumentException naming the first value out of range */
    public SchedulerOptions {
        if (maxActive < 1 || maxQueued < 0 || capacity < 1 || prefixCacheEntries < 0 || maxPrefillTokens < 1) {
            throw new IllegalArgumentException("maxActive, capacity and maxPrefillTokens must be at least 1 and "
                    + "maxQueued, prefixCacheEntries at least 0; got " + maxActive + ", " + capacity + ", "
                    + maxPrefillTokens + ", " + maxQueued + ", " + prefixCacheEntries);
        }
    }
}
