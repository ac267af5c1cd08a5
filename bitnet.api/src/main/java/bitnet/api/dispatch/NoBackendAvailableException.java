package bitnet.api.dispatch;

import bitnet.api.BitNetException;

/**
 * No registered backend could run an operation. The message lists each backend tried or skipped and why.
 */
public class NoBackendAvailableException extends BitNetException {
    private static final long serialVersionUID = 1L;

    /** @param message the operation and every backend's reason */
    public NoBackendAvailableException(String message) {
        super(message);
    }

    /**
     * @param message the operation and every backend's reason
     * @param cause the last backend failure
     */
    public NoBackendAvailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
