package bitnet.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API tiles of {@link Gemm}; loaded only in {@link Kernels.Mode#VECTOR}. */
final class GemmVector {
    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private GemmVector() {
    }

    // Column strips of two vectors outside, blocks of four rows inside: the k x 2L strip of B stays in L1 while
    // rows of A stream past it, and the 4 x 2 accumulator tile lives in registers.
    static void kernel(int i0, int i1, int j0, int j1, int k, double alpha, double[] a, int ao, int lda,
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
