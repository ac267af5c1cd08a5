package bitnet.api.linalg;

import bitnet.api.InvalidInputException;

/**
 * Base of the failures of a linear algebra operation on well-shaped input: a matrix that is singular, not
 * positive definite or not finite, an iteration that did not converge, an unsupported einsum pattern. Shape errors
 * are {@link bitnet.api.tensor.ShapeMismatchException} instead.
 */
public class LinAlgException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and what the caller can do about it */
    public LinAlgException(String message) {
        super(message);
    }
}
