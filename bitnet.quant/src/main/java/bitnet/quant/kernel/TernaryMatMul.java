package bitnet.quant.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

import bitnet.api.quant.QuantizationException;

/**
 * Multi-threaded ternary x int8 product {@code out[t, r] = sum_k W[r, k] * x[t, k]} with exact 32-bit results.
 *
 * <p>The rows are cut into {@code threads} contiguous ranges of whole row tiles; the calling thread computes the
 * first and the given pool the others, so {@code threads = 1} never touches the pool. Both the vector kernel and
 * the scalar reference can be driven, which gives the CPU (reference) and SIMD backends the same entry point.
 */
public final class TernaryMatMul {
    /** Which kernel computes the row ranges. */
    public enum Kernel {
        /** {@link TernaryScalarKernel}, the exact reference. */
        SCALAR,
        /** {@link TernaryVectorKernel}, the Vector API kernel. */
        VECTOR
    }

    private TernaryMatMul() {
    }

    /**
     * @param kernel which kernel
     * @param w weights (for {@code VECTOR}, laid out for {@link TernaryVectorKernel#lanes()})
     * @param x prepared activations
     * @param out receives {@code [x.count(), w.rows()]}, token-major, completely written
     * @param pool runs the ranges after the first; may be null when {@code threads == 1}
     * @param threads ranges to compute in parallel, at least 1
     * @throws QuantizationException if {@code threads < 1}, a pool is missing, or shapes do not fit
     */
    public static void multiply(Kernel kernel, TernaryMatrix w, Int8Activations x, int[] out, ForkJoinPool pool,
            int threads) {
        if (threads < 1) {
            throw new QuantizationException("thread count must be at least 1, got " + threads);
        }
        if (threads > 1 && pool == null) {
            throw new QuantizationException("a ForkJoinPool is needed for " + threads + " threads");
        }
        if (kernel == Kernel.VECTOR) {
            TernaryVectorKernel.checkLanes(w);
        }
        KernelChecks.shapes(w, x, out);
        int rows = w.rows();
        int tiles = (rows + TernaryVectorKernel.ROW_TILE - 1) / TernaryVectorKernel.ROW_TILE;
        int parts = Math.max(1, Math.min(threads, tiles));
        if (parts == 1) {
            run(kernel, w, x, out, 0, rows);
            return;
        }
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[parts - 1];
        for (int p = 1; p < parts; p++) {
            int from = bound(p, parts, tiles, rows);
            int to = bound(p + 1, parts, tiles, rows);
            tasks[p - 1] = pool.submit(() -> run(kernel, w, x, out, from, to));
        }
        run(kernel, w, x, out, 0, bound(1, parts, tiles, rows));
        for (ForkJoinTask<?> task : tasks) {
            task.join();
        }
    }

    private static int bound(int part, int parts, int tiles, int rows) {
        return (int) Math.min(rows, (long) tiles * part / parts * TernaryVectorKernel.ROW_TILE);
    }

    private static void run(Kernel kernel, TernaryMatrix w, Int8Activations x, int[] out, int from, int to) {
        if (kernel == Kernel.VECTOR) {
            TernaryVectorKernel.multiply(w, x, out, from, to);
        } else {
            TernaryScalarKernel.multiply(w, x, out, from, to);
        }
    }
}
