package bitnet.linalg;

/**
 * General matrix multiply-add on row-major sub-matrices: the level-3 kernel every blocked decomposition spends its
 * time in. The tiles run in {@link GemmVector} or in the scalar loop here, as {@link Kernels} says.
 */
public final class Gemm {
    /** Column splits are multiples of this, two vectors of the widest double species (8 lanes), so no part tails. */
    private static final int COLUMN_GRAIN = 16;
    /** Below this many multiply-adds a second thread costs more to start and join than it saves. */
    private static final long PARALLEL_MIN_WORK = 1L << 20;

    private Gemm() {
    }

    /**
     * C += alpha * A * B, where A is m x k at {@code a[ao + i * lda + p]}, B is k x n at {@code b[bo + p * ldb + j]}
     * and C is m x n at {@code c[co + i * ldc + j]}. Only C is modified; C must not overlap A or B.
     *
     * @param threads at most this many threads work on C (split by rows or columns, whichever is longer)
     * @throws IllegalArgumentException if a dimension is negative, a leading dimension too small, or {@code threads < 1}
     * @throws ArrayIndexOutOfBoundsException if a sub-matrix reaches outside its array
     */
    public static void multiplyAdd(int m, int n, int k, double alpha, double[] a, int ao, int lda, double[] b, int bo,
            int ldb, double[] c, int co, int ldc, int threads) {
        if (m < 0 || n < 0 || k < 0 || threads < 1) {
            throw new IllegalArgumentException("gemm needs m, n, k >= 0 and threads >= 1, got m=" + m + " n=" + n
                    + " k=" + k + " threads=" + threads);
        }
        if ((m > 1 && lda < k) || (k > 1 && ldb < n) || (m > 1 && ldc < n)) {
            throw new IllegalArgumentException("gemm leading dimensions too small: lda=" + lda + " ldb=" + ldb
                    + " ldc=" + ldc + " for m=" + m + " n=" + n + " k=" + k);
        }
        if (m == 0 || n == 0 || k == 0 || alpha == 0) {
            return;
        }
        boolean vector = Kernels.vector();
        int parts = (int) Math.min(threads, Math.max(1, (long) m * n * k / PARALLEL_MIN_WORK));
        if (parts <= 1) {
            kernel(vector, 0, m, 0, n, k, alpha, a, ao, lda, b, bo, ldb, c, co, ldc);
            return;
        }
        if (m >= n) {
            int step = roundUp((m + parts - 1) / parts, 4);
            Parallel.forEach(parts, part -> {
                int i0 = Math.min(m, part * step);
                kernel(vector, i0, Math.min(m, i0 + step), 0, n, k, alpha, a, ao, lda, b, bo, ldb, c, co, ldc);
            });
        } else {
            int step = roundUp((n + parts - 1) / parts, COLUMN_GRAIN);
            Parallel.forEach(parts, part -> {
                int j0 = Math.min(n, part * step);
                kernel(vector, 0, m, j0, Math.min(n, j0 + step), k, alpha, a, ao, lda, b, bo, ldb, c, co, ldc);
            });
        }
    }

    /** Scalar reference of {@link #multiplyAdd}, single-threaded, same contract. */
    public static void multiplyAddScalar(int m, int n, int k, double alpha, double[] a, int ao, int lda, double[] b,
            int bo, int ldb, double[] c, int co, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[ao + i * lda + p] * b[bo + p * ldb + j];
                }
                c[co + i * ldc + j] += alpha * s;
            }
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    private static void kernel(boolean vector, int i0, int i1, int j0, int j1, int k, double alpha, double[] a, int ao,
            int lda, double[] b, int bo, int ldb, double[] c, int co, int ldc) {
        if (vector) {
            GemmVector.kernel(i0, i1, j0, j1, k, alpha, a, ao, lda, b, bo, ldb, c, co, ldc);
        } else {
            scalarKernel(i0, i1, j0, j1, k, alpha, a, ao, lda, b, bo, ldb, c, co, ldc);
        }
    }

    // Row i of C gathers alpha a[i][p] times row p of B: every inner loop runs along contiguous rows (which the JIT
    // may auto-vectorise), unlike the dot-product order of the reference, which walks B by columns.
    static void scalarKernel(int i0, int i1, int j0, int j1, int k, double alpha, double[] a, int ao, int lda,
            double[] b, int bo, int ldb, double[] c, int co, int ldc) {
        int width = j1 - j0;
        for (int i = i0; i < i1; i++) {
            int cr = co + i * ldc + j0;
            for (int p = 0; p < k; p++) {
                double x = alpha * a[ao + i * lda + p];
                int br = bo + p * ldb + j0;
                for (int j = 0; j < width; j++) {
                    c[cr + j] += x * b[br + j];
                }
            }
        }
    }
}
