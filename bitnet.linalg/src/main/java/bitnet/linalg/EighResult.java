package bitnet.linalg;

/**
 * Eigendecomposition A = V diag(w) V^T of a symmetric matrix.
 *
 * @param eigenvalues ascending, as {@code numpy.linalg.eigh} returns them
 * @param eigenvectors n x n row-major, column j the unit eigenvector of eigenvalue j; null when not asked for
 * @param n the order of the matrix
 */
public record EighResult(double[] eigenvalues, double[] eigenvectors, int n) {
}
