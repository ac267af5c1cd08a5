package bitnet.api.linalg;

/**
 * A Cholesky factorisation met a leading minor that is not positive: the matrix is not symmetric positive
 * definite (or is so badly conditioned that rounding made it indefinite).
 */
public class NotPositiveDefiniteException extends LinAlgException {
    private static final long serialVersionUID = 1L;

    private final int minorOrder;

    /** @param minorOrder the order (1-based) of the first leading minor that is not positive */
    public NotPositiveDefiniteException(int minorOrder) {
        super("matrix is not positive definite: the leading minor of order " + minorOrder
                + " is not positive; Cholesky needs a symmetric positive definite matrix (use LU or eigh otherwise)");
        this.minorOrder = minorOrder;
    }

    /** @return the order (1-based) of the first leading minor that is not positive */
    public int minorOrder() {
        return minorOrder;
    }
}
