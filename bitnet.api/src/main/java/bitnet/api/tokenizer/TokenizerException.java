package bitnet.api.tokenizer;

import bitnet.api.BitNetException;

/** A tokenizer could not be loaded or could not process its input; the message says which and why. */
public class TokenizerException extends BitNetException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed */
    public TokenizerException(String message) {
        super(message);
    }

    /**
     * @param message what failed
     * @param cause the underlying failure
     */
    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
