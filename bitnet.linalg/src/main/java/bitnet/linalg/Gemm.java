package bitnet.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * General matrix multiply-add on row-major sub-matrices: the level-3 kernel every blocked decomposition spends its
 * time in.
 */
public final class Gemm {
    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
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
        int parts = (int) Math.min(threads, Math.max(1, (long) m * n * k / PARALLEL_MIN_WORK));
        if (parts <= 1) {
            kernel(0, m, 0, n, k, alpha, a, ao, lda, b, bo, ldb, c, co, ldc);
            return;
        }
        if (m >= n) {
            int step = roundUp((m + parts - 1) / parts, 4);
            Parallel.forEach(parts, part -> {
                int i0 = Math.min(m, part * step);
                kernel(i0, Math.min(m, i0 + step), 0, n, k, alpha, a, ao, lda, b, bo, ldb, c, co, ldc);
            });
        } else {
            int step = roundUp((n + parts - 1) / parts, 2 * LANES);
            Parallel.forEach(parts, part -> {
                int j0 = Math.min(n, part * step);
                kernel(0, m, j0, Math.min(n, j0 + step), k, alpha, a, ao, lda, b, bo, ldb, c, co, ldc);
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

    // Column strips of two vectors outside, blocks of four rows inside: the k x 2L strip of B stays in L1 while
    // rows of A stream past it, and the 4 x 2 accumulator tile lives in registers.
    private static void kernel(int i0, int i1, int j0, int j1, int k, double alpha, double[] a, int ao, int lda,
            double[] b, int bo, int ldb, double[] c, int co, int ldc) {
        int j = j0;
        for (; j + 2 * LANES <= j1; j += 2 * LANES) {
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                tile4x2(i, j, k, alpha, a, ao, lda, b, bo, ldb, c, co, ldc);
            }
            for (; i < i1; i++) {
                tile1x2(i, j, k, alpha, a, ao, lda, b, bo, ldb, c, co, ldc);
            }
        }
        for (; j + LANES <= j1; j += LANES) {
            for (int i = i0; i < i1; i++) {
                tile1x1(i, j, k, alpha, a, ao, lda, b, bo, ldb, c, co, ldc);
            }
        }
        if (j < j1) {
            for (int i = i0; i < i1; i++) {
                for (int jj = j; jj < j1; jj++) {
                    double s = 0;
                    for (int p = 0, ap = ao + i * lda, bp = bo + jj; p < k; p++, bp += ldb) {
                        s += a[ap + p] * b[bp];
                    }
                    c[co + i * ldc + jj] += alpha * s;
                }
            }
        }
    }

    private static void tile4x2(int i, int j, int k, double alpha, double[] a, int ao, int lda, double[] b, int bo,
            int ldb, double[] c, int co, int ldc) {
        DoubleVector c00 = DoubleVector.zero(SPECIES);
        DoubleVector c01 = DoubleVector.zero(SPECIES);
        DoubleVector c10 = DoubleVector.zero(SPECIES);
        DoubleVector c11 = DoubleVector.zero(SPECIES);
        DoubleVector c20 = DoubleVector.zero(SPECIES);
        DoubleVector c21 = DoubleVector.zero(SPECIES);
        DoubleVector c30 = DoubleVector.zero(SPECIES);
        DoubleVector c31 = DoubleVector.zero(SPECIES);
        int a0 = ao + i * lda;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int bp = bo + j;
        for (int p = 0; p < k; p++, bp += ldb) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bp + LANES);
            DoubleVector x = DoubleVector.broadcast(SPECIES, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(SPECIES, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(SPECIES, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(SPECIES, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        DoubleVector al = DoubleVector.broadcast(SPECIES, alpha);
        int r = co + i * ldc + j;
        store(c00, al, c, r);
        store(c01, al, c, r + LANES);
        r += ldc;
        store(c10, al, c, r);
        store(c11, al, c, r + LANES);
        r += ldc;
        store(c20, al, c, r);
        store(c21, al, c, r + LANES);
        r += ldc;
        store(c30, al, c, r);
        store(c31, al, c, r + LANES);
    }

    private static void tile1x2(int i, int j, int k, double alpha, double[] a, int ao, int lda, double[] b, int bo,
            int ldb, double[] c, int co, int ldc) {
        DoubleVector c0 = DoubleVector.zero(SPECIES);
        DoubleVector c1 = DoubleVector.zero(SPECIES);
        int a0 = ao + i * lda;
        int bp = bo + j;
        for (int p = 0; p < k; p++, bp += ldb) {
            DoubleVector x = DoubleVector.broadcast(SPECIES, a[a0 + p]);
            c0 = x.fma(DoubleVector.fromArray(SPECIES, b, bp), c0);
            c1 = x.fma(DoubleVector.fromArray(SPECIES, b, bp + LANES), c1);
        }
        DoubleVector al = DoubleVector.broadcast(SPECIES, alpha);
        int r = co + i * ldc + j;
        store(c0, al, c, r);
        store(c1, al, c, r + LANES);
    }

    private static void tile1x1(int i, int j, int k, double alpha, double[] a, int ao, int lda, double[] b, int bo,
            int ldb, double[] c, int co, int ldc) {
        DoubleVector c0 = DoubleVector.zero(SPECIES);
        int a0 = ao + i * lda;
        int bp = bo + j;
        for (int p = 0; p < k; p++, bp += ldb) {
            c0 = DoubleVector.broadcast(SPECIES, a[a0 + p]).fma(DoubleVector.fromArray(SPECIES, b, bp), c0);
        }
        store(c0, DoubleVector.broadcast(SPECIES, alpha), c, co + i * ldc + j);
    }

    private static void store(DoubleVector acc, DoubleVector alpha, double[] c, int at) {
        acc.fma(alpha, DoubleVector.fromArray(SPECIES, c, at)).intoArray(c, at);
    }
}
