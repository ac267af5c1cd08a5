package bitnet.api.tensor;

import bitnet.api.BitNetException;

/** An operation was asked for a dtype it does not accept; the message names the operation and the dtype. */
public class UnsupportedDTypeException extends BitNetException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the shapes, dtype or tensor involved */
    public UnsupportedDTypeException(String message) {
        super(message);
    }
}
