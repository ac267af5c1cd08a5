package bitnet.linalg;

/**
 * LU factorisation with partial pivoting, P A = L U, packed as LAPACK's {@code getrf} packs it.
 *
 * @param lu n x n row-major: U on and above the diagonal, the unit lower L below it
 * @param n the order of the matrix
 * @param pivots row i was swapped with row {@code pivots[i]} at step i (0-based, in order)
 * @param permutationSign the determinant of P, +1 or -1
 * @param firstZeroPivot index of the first exactly zero pivot, or -1 if A is non-singular
 */
public record LuResult(double[] lu, int n, int[] pivots, int permutationSign, int firstZeroPivot) {
    /** @return true if some pivot is exactly zero */
    public boolean singular() {
        return firstZeroPivot >= 0;
    }
}
