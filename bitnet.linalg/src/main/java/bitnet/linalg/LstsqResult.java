package bitnet.linalg;

/**
 * Least-squares solution of A X = B for an m x n matrix A and m x nrhs right-hand sides, as
 * {@code numpy.linalg.lstsq} returns it.
 *
 * @param x the minimum-norm solution, n x nrhs row-major
 * @param residuals squared 2-norm of each column of B - A X; empty when rank &lt; n or m &lt;= n
 * @param rank effective rank of A: singular values above rcond * the largest
 * @param singularValues the min(m, n) singular values of A, descending
 */
public record LstsqResult(double[] x, double[] residuals, int rank, double[] singularValues) {
}
