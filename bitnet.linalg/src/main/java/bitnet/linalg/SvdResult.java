package bitnet.linalg;

/**
 * Singular value decomposition A = U diag(s) V^T of an m x n matrix, k = min(m, n), row-major.
 *
 * @param s the k singular values, descending and non-negative
 * @param u U (uRows x uCols), or null for values only
 * @param uRows m, or 0 without U
 * @param uCols k (thin) or m (full), or 0 without U
 * @param vt V^T (vtRows x vtCols), or null for values only
 * @param vtRows k (thin) or n (full), or 0 without V^T
 * @param vtCols n, or 0 without V^T
 */
public record SvdResult(double[] s, double[] u, int uRows, int uCols, double[] vt, int vtRows, int vtCols) {
}
