package bitnet.linalg;

import bitnet.api.linalg.NonFiniteInputException;
import bitnet.api.tensor.ShapeMismatchException;

/** Argument checks and small helpers on row-major matrices. */
public final class Matrices {
    private Matrices() {
    }

    /**
     * Checks that {@code a} holds exactly rows x cols elements.
     *
     * @throws ShapeMismatchException if a dimension is negative or the length differs
     * @throws NullPointerException if {@code a} is null
     */
    public static void requireShape(double[] a, int rows, int cols, String name) {
        if (rows < 0 || cols < 0) {
            throw new ShapeMismatchException("argument '" + name + "': dimensions must not be negative, got "
                    + rows + " x " + cols);
        }
        if (a == null) {
            throw new NullPointerException("argument '" + name + "' is null");
        }
        if (a.length != (long) rows * cols) {
            throw new ShapeMismatchException("argument '" + name + "' has " + a.length + " elements but its shape "
                    + rows + " x " + cols + " needs " + (long) rows * cols);
        }
    }

    /** As {@link #requireShape}, and the matrix must be square. */
    public static void requireSquare(double[] a, int n, String name) {
        requireShape(a, n, n, name);
    }

    /**
     * Checks that every element is finite.
     *
     * @throws NonFiniteInputException naming the first NaN or infinity, with its position
     */
    public static void requireFinite(double[] a, int cols, String name) {
        requireFiniteMaxAbs(a, cols, name);
    }

    /**
     * {@link #requireFinite} and the largest magnitude in one pass, for {@link Scaling}.
     *
     * @return max |a[i]|, 0 for an empty matrix
     * @throws NonFiniteInputException naming the first NaN or infinity, with its position
     */
    static double requireFiniteMaxAbs(double[] a, int cols, String name) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            double v = Math.abs(a[i]);
            // One comparison catches both: NaN fails it, and so does +infinity.
            if (!(v <= Double.MAX_VALUE)) {
                int row = cols == 0 ? 0 : i / cols;
                throw new NonFiniteInputException(name, row, cols == 0 ? 0 : i - (long) row * cols, a[i]);
            }
            if (v > max) {
                max = v;
            }
        }
        return max;
    }

    /**
     * {@link #requireFinite} over all of the n x n matrix a, and the largest magnitude of its lower triangle (the one
     * that Cholesky and eigh read), in one pass.
     *
     * @throws NonFiniteInputException naming the first NaN or infinity, with its position
     */
    static double requireFiniteMaxAbsLower(double[] a, int n, String name) {
        double max = 0;
        for (int i = 0; i < n; i++) {
            int row = i * n;
            for (int j = 0; j <= i; j++) {
                double v = Math.abs(a[row + j]);
                if (!(v <= Double.MAX_VALUE)) {
                    throw new NonFiniteInputException(name, i, j, a[row + j]);
                }
                if (v > max) {
                    max = v;
                }
            }
            for (int j = i + 1; j < n; j++) {
                if (!Double.isFinite(a[row + j])) {
                    throw new NonFiniteInputException(name, i, j, a[row + j]);
                }
            }
        }
        return max;
    }

    /** @return the n x n identity */
    public static double[] identity(int n) {
        double[] e = new double[n * n];
        for (int i = 0; i < n; i++) {
            e[i * n + i] = 1;
        }
        return e;
    }

    /** @return the cols x rows transpose of the rows x cols matrix a */
    public static double[] transpose(double[] a, int rows, int cols) {
        double[] t = new double[a.length];
        // 32 x 32 tiles keep both the read and the write side within a few cache lines per row.
        for (int i0 = 0; i0 < rows; i0 += 32) {
            for (int j0 = 0; j0 < cols; j0 += 32) {
                int i1 = Math.min(rows, i0 + 32);
                int j1 = Math.min(cols, j0 + 32);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        t[j * rows + i] = a[i * cols + j];
                    }
                }
            }
        }
        return t;
    }

    /**
     * @return the m x n product A * B of the m x k matrix a and the k x n matrix b
     * @throws ShapeMismatchException if a lengths do not match the dimensions
     */
    public static double[] multiply(double[] a, int m, int k, double[] b, int n, int threads) {
        requireShape(a, m, k, "a");
        requireShape(b, k, n, "b");
        double[] c = new double[m * n];
        Gemm.multiplyAdd(m, n, k, 1.0, a, 0, k, b, 0, n, c, 0, n, threads);
        return c;
    }

    /** Swaps rows r and s (length n) of a row-major matrix in place. */
    static void swapRows(double[] a, int n, int r, int s) {
        int ro = r * n;
        int so = s * n;
        for (int j = 0; j < n; j++) {
            double t = a[ro + j];
            a[ro + j] = a[so + j];
            a[so + j] = t;
        }
    }
}
