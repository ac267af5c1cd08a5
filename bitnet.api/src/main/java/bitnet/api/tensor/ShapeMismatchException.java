package bitnet.api.tensor;

import bitnet.api.BitNetException;

/** Shapes that do not fit an operation: broadcasting, reshape, matmul inner dimensions. The message names the shapes. */
public class ShapeMismatchException extends BitNetException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the shapes, dtype or tensor involved */
    public ShapeMismatchException(String message) {
        super(message);
    }
}
