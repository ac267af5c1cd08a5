package bitnet.api.linalg;

/**
 * A solve or inverse met an exactly zero pivot in LU with partial pivoting: the matrix is singular. Least squares
 * and the pseudo-inverse accept singular matrices.
 */
public class SingularMatrixException extends LinAlgException {
    private static final long serialVersionUID = 1L;

    private final int pivotIndex;

    /** @param pivotIndex the 0-based index of the first zero pivot */
    public SingularMatrixException(int pivotIndex) {
        super("matrix is singular: pivot " + pivotIndex + " of its LU factorisation is exactly zero;"
                + " use lstsq or pinv for singular or rank-deficient systems");
        this.pivotIndex = pivotIndex;
    }

    /** @return the 0-based index of the first zero pivot */
    public int pivotIndex() {
        return pivotIndex;
    }
}
