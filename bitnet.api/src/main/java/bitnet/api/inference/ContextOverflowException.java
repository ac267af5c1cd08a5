package bitnet.api.inference;

/** A prompt plus the tokens to generate would not fit the model's context. */
public class ContextOverflowException extends InferenceException {
    private static final long serialVersionUID = 1L;

    private final int promptTokens;
    private final int requestedTokens;
    private final int contextLength;

    /**
     * @param promptTokens tokens already in the session plus the prompt's
     * @param requestedTokens tokens asked to generate
     * @param contextLength the session's capacity
     */
    public ContextOverflowException(int promptTokens, int requestedTokens, int contextLength) {
        super("the prompt (" + promptTokens + " tokens) plus max_tokens (" + requestedTokens + ") is "
                + ((long) promptTokens + requestedTokens) + " tokens, more than the context of " + contextLength
                + "; shorten the prompt or lower max_tokens");
        this.promptTokens = promptTokens;
        this.requestedTokens = requestedTokens;
        this.contextLength = contextLength;
    }

    /** @return tokens of the prompt (with what the session already held) */
    public int promptTokens() {
        return promptTokens;
    }

    /** @return tokens asked to generate */
    public int requestedTokens() {
        return requestedTokens;
    }

    /** @return the context length */
    public int contextLength() {
        return contextLength;
    }
}
