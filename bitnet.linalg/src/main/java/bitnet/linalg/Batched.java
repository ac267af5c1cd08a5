package bitnet.linalg;

import bitnet.api.linalg.SvdMode;
import bitnet.api.tensor.ShapeMismatchException;
import java.util.Arrays;

/**
 * Operations over stacks of matrices: an array of shape (..., m, n) is a batch of m x n matrices over its leading
 * dimensions, as NumPy's linalg functions treat it. Batches run in parallel over {@code threads} threads (each
 * matrix single-threaded inside).
 */
public final class Batched {
    /** One matrix in, a fixed-size result out. */
    @FunctionalInterface
    public interface MatrixFunction {
        /**
         * @param matrix rows x cols row-major, a copy the function may keep
         * @return the result, as many elements as the batch's result shape holds
         */
        double[] apply(double[] matrix, int rows, int cols);
    }

    /** Two matrices in (the same batch entry of two stacks), a fixed-size result out. */
    @FunctionalInterface
    public interface MatrixFunction2 {
        /** @return the result for matrices a (ar x ac) and b (br x bc) */
        double[] apply(double[] a, int ar, int ac, double[] b, int br, int bc);
    }

    private Batched() {
    }

    /**
     * Applies f to every matrix of a.
     *
     * @param resultShape the shape of one result; the output has shape (batch..., resultShape...)
     * @throws ShapeMismatchException if a has rank below 2 or f returns a result of another size
     */
    public static NdArray map(NdArray a, int[] resultShape, int threads, MatrixFunction f) {
        return map2(a, null, resultShape, threads, (x, r, c, y, br, bc) -> f.apply(x, r, c));
    }

    /**
     * Applies f to the matching matrices of a and b; both must have the same leading (batch) dimensions.
     *
     * @param b the second stack, or null for a one-argument operation
     * @throws ShapeMismatchException if a rank is below 2, the batch dimensions differ, or a result has the wrong
     *     size
     */
    public static NdArray map2(NdArray a, NdArray b, int[] resultShape, int threads, MatrixFunction2 f) {
        requireStack(a, "a");
        int rank = a.rank();
        int[] batchShape = Arrays.copyOf(a.shape(), rank - 2);
        int rows = a.dim(-2);
        int cols = a.dim(-1);
        if (b != null) {
            requireStack(b, "b");
        }
        int br = b == null ? 0 : b.dim(-2);
        int bc = b == null ? 0 : b.dim(-1);
        if (b != null) {
            if (!Arrays.equals(batchShape, Arrays.copyOf(b.shape(), b.rank() - 2))) {
                throw new ShapeMismatchException("batch dimensions differ: " + Arrays.toString(a.shape()) + " and "
                        + Arrays.toString(b.shape()) + " (broadcasting is not supported: repeat the smaller stack)");
            }
        }
        int count = product(batchShape);
        int resultSize = product(resultShape);
        int[] outShape = Arrays.copyOf(batchShape, batchShape.length + resultShape.length);
        System.arraycopy(resultShape, 0, outShape, batchShape.length, resultShape.length);
        double[] out = new double[count * resultSize];
        int parts = Math.max(1, Math.min(threads, count));
        int per = count == 0 ? 0 : (count + parts - 1) / parts;
        int size = rows * cols;
        int bsize = br * bc;
        Parallel.forEach(parts, part -> {
            for (int t = part * per; t < Math.min(count, (part + 1) * per); t++) {
                double[] x = Arrays.copyOfRange(a.data(), t * size, (t + 1) * size);
                double[] y = b == null ? null : Arrays.copyOfRange(b.data(), t * bsize, (t + 1) * bsize);
                double[] r = f.apply(x, rows, cols, y, br, bc);
                if (r.length != resultSize) {
                    throw new ShapeMismatchException("batched function returned " + r.length + " elements, expected "
                            + resultSize + " for result shape " + Arrays.toString(resultShape));
                }
                System.arraycopy(r, 0, out, t * resultSize, resultSize);
            }
        });
        return new NdArray(outShape, out);
    }

    private static int product(int[] dims) {
        int p = 1;
        for (int d : dims) {
            p *= d;
        }
        return p;
    }

    private static void requireStack(NdArray a, String name) {
        if (a.rank() < 2) {
            throw new ShapeMismatchException("argument '" + name + "' must have at least 2 dimensions (..., m, n), got "
                    + Arrays.toString(a.shape()));
        }
    }

    private static void requireSquareStack(NdArray a) {
        requireStack(a, "a");
        if (a.dim(-1) != a.dim(-2)) {
            throw new ShapeMismatchException("the last two dimensions must be square, got " + Arrays.toString(a.shape()));
        }
    }

    /** Cholesky factors L of a stack (..., n, n). */
    public static NdArray cholesky(NdArray a, int threads) {
        requireSquareStack(a);
        int n = a.dim(-1);
        return map(a, new int[] {n, n}, threads, (x, r, c) -> Cholesky.factor(x, n, 1));
    }

    /** Inverses of a stack (..., n, n). */
    public static NdArray inv(NdArray a, int threads) {
        requireSquareStack(a);
        int n = a.dim(-1);
        return map(a, new int[] {n, n}, threads, (x, r, c) -> Inverse.invert(x, n, 1));
    }

    /** Determinants of a stack (..., n, n): shape (...). */
    public static NdArray det(NdArray a, int threads) {
        requireSquareStack(a);
        int n = a.dim(-1);
        return map(a, new int[0], threads, (x, r, c) -> new double[] {Determinants.det(x, n, 1)});
    }

    /** Signed log-determinants of a stack (..., n, n): shape (..., 2) holding (sign, log|det|). */
    public static NdArray slogdet(NdArray a, int threads) {
        requireSquareStack(a);
        int n = a.dim(-1);
        return map(a, new int[] {2}, threads, (x, r, c) -> {
            SignedLogDet d = Determinants.signedLog(x, n, 1);
            return new double[] {d.sign(), d.logAbsDet()};
        });
    }

    /** Solutions X of A X = B for stacks A (..., n, n) and B (..., n, k). */
    public static NdArray solve(NdArray a, NdArray b, int threads) {
        requireSquareStack(a);
        int n = a.dim(-1);
        int k = b.rank() >= 2 ? b.dim(-1) : 0;
        return map2(a, b, new int[] {n, k}, threads, (x, r, c, y, br, bc) -> Inverse.solve(x, n, y, bc, 1));
    }

    /** Eigenvalues (ascending) of a stack of symmetric matrices (..., n, n): shape (..., n). */
    public static NdArray eigvalsh(NdArray a, int threads) {
        requireSquareStack(a);
        int n = a.dim(-1);
        return map(a, new int[] {n}, threads, (x, r, c) -> SymmetricEigen.decompose(x, n, false).eigenvalues());
    }

    /** Singular values of a stack (..., m, n): shape (..., min(m, n)). */
    public static NdArray svdValues(NdArray a, int threads) {
        requireStack(a, "a");
        int k = Math.min(a.dim(-2), a.dim(-1));
        return map(a, new int[] {k}, threads, (x, r, c) -> Svd.decompose(x, r, c, SvdMode.VALUES_ONLY).s());
    }
}
