package bitnet.api;

/**
 * Base of every exception the bitnet platform throws on purpose. Unchecked: a failure is either a caller
 * error (bad shape, dtype, argument), which the message explains, or a platform condition (no backend,
 * memory exhausted), which the subclass names.
 */
public class BitNetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and, where possible, what the caller can do about it */
    public BitNetException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public BitNetException(String message, Throwable cause) {
        super(message, cause);
    }
}
