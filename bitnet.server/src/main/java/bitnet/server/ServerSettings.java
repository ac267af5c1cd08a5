package bitnet.server;

import java.nio.file.Path;
import java.util.List;

import bitnet.api.inference.SchedulerOptions;

/**
 * The configuration as the server uses it: validated, the model path resolved, the keys as a list.
 *
 * @param enabled whether to serve
 * @param host the address to listen on
 * @param port the TCP port, 0 for any free one
 * @param model the model's folder or file, or null when none is configured
 * @param context positions per request, 0 for min(4096, the model's context)
 * @param maxActive generations run together
 * @param maxQueued requests that may wait
 * @param prefixCacheEntries finished KV caches kept for shared prefixes
 * @param maxPrefillTokens prompt tokens per pass at most
 * @param maxRequestBytes largest request body
 * @param requestTimeoutSeconds how long a request may take
 * @param idleTimeoutSeconds how long an idle connection stays open
 * @param apiKeys accepted keys; empty: none needed
 * @param modelName the configured model id, or empty for the file or folder name
 */
public record ServerSettings(boolean enabled, String host, int port, Path model, int context, int maxActive,
        int maxQueued, int prefixCacheEntries, int maxPrefillTokens, long maxRequestBytes, int requestTimeoutSeconds,
        int idleTimeoutSeconds, List<String> apiKeys, String modelName) {

    /** Positions per request when the configuration leaves it to the model. */
    public static final int DEFAULT_CONTEXT_CAP = 4096;

    /** Copies the keys. */
    public ServerSettings {
        apiKeys = List.copyOf(apiKeys);
    }

    /**
     * @param c the configuration
     * @return its settings; blank keys are dropped
     */
    public static ServerSettings of(ServerConfig c) {
        String model = c.model() == null ? "" : c.model().strip();
        List<String> keys = c.apiKeys() == null ? List.of()
                : List.of(c.apiKeys()).stream().map(String::strip).filter(k -> !k.isEmpty()).toList();
        return new ServerSettings(c.enabled(), c.host() == null ? "127.0.0.1" : c.host().strip(), c.port(),
                model.isEmpty() ? null : Path.of(model).toAbsolutePath().normalize(), c.context(), c.maxActive(),
                c.maxQueued(), c.prefixCacheEntries(), c.maxPrefillTokens(), c.maxRequestBytes(),
                c.requestTimeoutSeconds(), c.idleTimeoutSeconds(), keys,
                c.modelName() == null ? "" : c.modelName().strip());
    }

    /**
     * @param modelContext the loaded model's context length
     * @return the scheduler's options for that model
     * @throws IllegalArgumentException naming the value out of range
     */
    public SchedulerOptions schedulerOptions(int modelContext) {
        if (context > modelContext) {
            throw new IllegalArgumentException("context " + context + " exceeds the model's context of "
                    + modelContext + "; lower it or set 0 for the model's own");
        }
        int capacity = context > 0 ? context : Math.min(DEFAULT_CONTEXT_CAP, modelContext);
        return new SchedulerOptions(maxActive, maxQueued, capacity, prefixCacheEntries, maxPrefillTokens);
    }

    /** @return the id clients name the model by: the configured one, else the file or folder name */
    public String servedName() {
        if (!modelName.isEmpty()) {
            return modelName;
        }
        return model == null ? "" : model.getFileName().toString();
    }
}
