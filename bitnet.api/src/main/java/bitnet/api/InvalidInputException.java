package bitnet.api;

/**
 * The operands' values are not acceptable to the operation: a NaN where a quantizer needs finite numbers, a matrix
 * that is not positive definite, corrupt packed bytes. Every backend would fail the same way, so the dispatcher
 * passes it to the caller at once instead of retrying on the next backend (as it does for a backend's own failure).
 * Backends throw a subclass of this for such conditions.
 */
public class InvalidInputException extends BitNetException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with which operand, and what the caller can do */
    public InvalidInputException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong
     * @param cause the underlying failure
     */
    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
