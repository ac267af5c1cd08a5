package bitnet.server;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The HTTP server's configuration, PID {@value #PID}. Every attribute can change while the platform runs: the model is
 * reloaded when its path changes, the scheduler is replaced when its limits change (running requests finish on the
 * old one), the listener moves when the host or port changes, and keys and limits apply to the next request.
 */
@ObjectClassDefinition(name = "bitnet HTTP server",
        description = "Serves one model over HTTP with an OpenAI-compatible API.")
public @interface ServerConfig {
    /** The configuration's PID. */
    String PID = "bitnet.server";

    /** @return whether the server listens and holds the model */
    @AttributeDefinition(description = "Serve the model (false: nothing is loaded and nothing listens).")
    boolean enabled() default false;

    /** @return the address to listen on */
    @AttributeDefinition(description = "The address to listen on (127.0.0.1: this machine only; 0.0.0.0: every "
            + "interface).")
    String host() default "127.0.0.1";

    /** @return the port; 0 picks a free one */
    @AttributeDefinition(description = "The TCP port (0 picks a free one).", min = "0", max = "65535")
    int port() default 8080;

    /** @return the model: a Hugging Face folder or a GGUF file */
    @AttributeDefinition(description = "The model: a Hugging Face model folder or a .gguf file.")
    String model() default "";

    /** @return positions of each request's KV cache; 0 = min(4096, the model's context) */
    @AttributeDefinition(description = "Positions per request (prompt plus generated tokens); 0 = the model's "
            + "context, at most 4096.", min = "0")
    int context() default 0;

    /** @return generations run together */
    @AttributeDefinition(description = "Generations run together (each holds a KV cache).", min = "1")
    int maxActive() default 8;

    /** @return requests that may wait for a place */
    @AttributeDefinition(description = "Requests that may wait for a place; with maxActive + maxQueued running or "
            + "waiting, a request gets 429.", min = "0")
    int maxQueued() default 32;

    /** @return finished KV caches kept for prompts that share their prefix */
    @AttributeDefinition(description = "Finished KV caches kept so that a prompt sharing their prefix (a chat's "
            + "earlier turns) skips computing it; 0 turns prefix caching off.", min = "0")
    int prefixCacheEntries() default 8;

    /** @return prompt tokens computed in one pass at most */
    @AttributeDefinition(description = "Prompt tokens computed in one pass at most, so that a long prompt does not "
            + "stall the running generations.", min = "1")
    int maxPrefillTokens() default 256;

    /** @return the largest request body accepted */
    @AttributeDefinition(description = "The largest request body in bytes; a larger one gets 413.", min = "1")
    long maxRequestBytes() default 1L << 20;

    /** @return seconds a generation may run before it is cancelled */
    @AttributeDefinition(description = "Seconds a request may take, waiting included, before it is cancelled.",
            min = "1")
    int requestTimeoutSeconds() default 600;

    /** @return seconds a connection may make no progress */
    @AttributeDefinition(description = "Seconds a connection may make no progress: an idle connection closes, a "
            + "request body that stops arriving gets 408, a client that stops reading its answer is dropped (its "
            + "generation cancelled).", min = "1")
    int idleTimeoutSeconds() default 60;

    /** @return accepted API keys; none = no key needed */
    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Accepted API keys (Authorization: Bearer "
            + "KEY); none means no key is needed. /health needs none.")
    String[] apiKeys() default {};

    /** @return the model id clients name; empty = the folder or file name */
    @AttributeDefinition(description = "The model id /v1/models lists and requests name; empty: the model folder's "
            + "or file's name.")
    String modelName() default "";
}
