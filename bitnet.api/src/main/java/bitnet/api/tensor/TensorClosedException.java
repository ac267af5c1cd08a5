package bitnet.api.tensor;

import bitnet.api.BitNetException;

/** A tensor, or the memory behind it, was used after {@code close()}. */
public class TensorClosedException extends BitNetException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the shapes, dtype or tensor involved */
    public TensorClosedException(String message) {
        super(message);
    }
}
