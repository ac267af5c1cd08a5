package bitnet.server.http;

/**
 * A request the server answers with an error: the HTTP status and the fields of OpenAI's error object
 * ({@code {"error": {"message", "type", "param", "code"}}}).
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String param;
    private final String code;
    private final int retryAfterSeconds;
    private final boolean closesConnection;

    private ApiError(int status, String type, String message, String param, String code, int retryAfterSeconds) {
        this(status, type, message, param, code, retryAfterSeconds, false);
    }

    private ApiError(int status, String type, String message, String param, String code, int retryAfterSeconds,
            boolean closesConnection) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
        this.closesConnection = closesConnection;
    }

    /**
     * @param message what is wrong and what to send instead
     * @param param the request field at fault, or null
     * @return a 400 error
     */
    public static ApiError badRequest(String message, String param) {
        return new ApiError(400, "invalid_request_error", message, param, null, 0);
    }

    /**
     * @param message what is wrong
     * @param param the request field at fault, or null
     * @param code a machine-readable code
     * @return a 400 error with a code
     */
    public static ApiError badRequest(String message, String param, String code) {
        return new ApiError(400, "invalid_request_error", message, param, code, 0);
    }

    /**
     * @param prompt tokens of the prompt
     * @param maxTokens tokens asked for
     * @param context positions per request
     * @param param the field holding the prompt
     * @return a 400 error with the three numbers
     */
    public static ApiError contextOverflow(int prompt, int maxTokens, int context, String param) {
        return badRequest("This model's maximum context length is " + context + " tokens, however you requested "
                + ((long) prompt + maxTokens) + " tokens (" + prompt + " in your prompt; " + maxTokens
                + " for the completion). Please reduce your prompt or max_tokens.", param, "context_length_exceeded");
    }

    /**
     * @param model the model asked for
     * @param served the model served
     * @return a 404 error
     */
    public static ApiError unknownModel(String model, String served) {
        return new ApiError(404, "invalid_request_error", "The model '" + model + "' does not exist; this server "
                + "serves '" + served + "'.", "model", "model_not_found", 0);
    }

    /**
     * @param message what was not found
     * @return a 404 error
     */
    public static ApiError notFound(String message) {
        return new ApiError(404, "invalid_request_error", message, null, "not_found", 0);
    }

    /**
     * @param method the method used
     * @param allowed the one the endpoint takes
     * @return a 405 error
     */
    public static ApiError methodNotAllowed(String method, String allowed) {
        return new ApiError(405, "invalid_request_error", method + " is not allowed here; use " + allowed + ".",
                null, "method_not_allowed", 0);
    }

    /**
     * @param limit the largest body accepted
     * @return a 413 error
     */
    public static ApiError tooLarge(long limit) {
        return new ApiError(413, "invalid_request_error", "The request body is larger than " + limit + " bytes.",
                null, "request_too_large", 0, true);
    }

    /**
     * @param idleSeconds the idle timeout that passed
     * @return a 408 error: the body stopped arriving before its end
     */
    public static ApiError bodyTimeout(int idleSeconds) {
        return new ApiError(408, "invalid_request_error", "The request body stopped arriving: nothing came for "
                + idleSeconds + " s before its end. Send the whole body without pausing.", null, "request_timeout",
                0, true);
    }

    /**
     * @param why what went wrong while it was read
     * @return a 400 error: the body ended before its declared end, or its framing is broken
     */
    public static ApiError incompleteBody(String why) {
        return new ApiError(400, "invalid_request_error", "The request body could not be read to its end (" + why
                + "). Send a body as long as its Content-Length, or well-formed chunks.", null, "incomplete_body", 0,
                true);
    }

    /**
     * @param message why the key was refused
     * @return a 401 error
     */
    public static ApiError unauthorized(String message) {
        return new ApiError(401, "authentication_error", message, null, "invalid_api_key", 0);
    }

    /**
     * @param message why
     * @param retryAfterSeconds when to retry
     * @return a 429 error with a Retry-After
     */
    public static ApiError queueFull(String message, int retryAfterSeconds) {
        return new ApiError(429, "rate_limit_error", message, null, "queue_full", retryAfterSeconds);
    }

    /**
     * @param message why no model is served
     * @return a 503 error
     */
    public static ApiError unavailable(String message) {
        return new ApiError(503, "server_error", message, null, "model_not_ready", 0);
    }

    /**
     * @param seconds the limit
     * @return a 504 error
     */
    public static ApiError timeout(int seconds) {
        return new ApiError(504, "server_error", "The request took longer than " + seconds + " s and was cancelled.",
                null, "timeout", 0);
    }

    /**
     * @param message what failed
     * @return a 500 error
     */
    public static ApiError internal(String message) {
        return new ApiError(500, "server_error", message, null, null, 0);
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return OpenAI's error type */
    public String type() {
        return type;
    }

    /** @return the request field at fault, or null */
    public String param() {
        return param;
    }

    /** @return a machine-readable code, or null */
    public String code() {
        return code;
    }

    /**
     * @return whether the connection cannot carry another request after this answer (the rest of the body was never
     *     read, or cannot be)
     */
    public boolean closesConnection() {
        return closesConnection;
    }

    /** @return seconds to wait before retrying, or 0 when there is no such hint */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
