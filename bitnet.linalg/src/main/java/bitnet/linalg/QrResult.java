package bitnet.linalg;

/**
 * Result of a QR decomposition A = Q R, row-major.
 *
 * @param q Q (qRows x qCols, orthonormal columns), or null when only R was asked for
 * @param qRows rows of Q (m), 0 when absent
 * @param qCols columns of Q (k = min(m, n) for the thin form, m for the full one), 0 when absent
 * @param r R, upper triangular (rRows x n)
 * @param rRows rows of R
 * @param rCols columns of R (n)
 */
public record QrResult(double[] q, int qRows, int qCols, double[] r, int rRows, int rCols) {
}
