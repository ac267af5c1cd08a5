package bitnet.api.memory;

import bitnet.api.BitNetException;

/** An allocation would exceed a pool's limit. The message says how much was asked, how much is in use and how much is allowed; the process itself is unharmed. */
public class OutOfPoolMemoryException extends BitNetException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, with sizes and the pool's name */
    public OutOfPoolMemoryException(String message) {
        super(message);
    }
}
