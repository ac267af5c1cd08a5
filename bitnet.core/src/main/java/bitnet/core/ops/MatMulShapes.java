package bitnet.core.ops;

import java.util.Arrays;

import bitnet.api.tensor.DType;
import bitnet.api.tensor.ShapeMismatchException;
import bitnet.api.tensor.Tensor;
import bitnet.core.tensor.DenseTensor;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.core.tensor.Shapes;

/**
 * NumPy {@code matmul} shape rules: vector promotion, batch broadcasting, and the rank-3 views backends get.
 */
final class MatMulShapes {
    private MatMulShapes() {
    }

    /** Runs the prepared rank-3 product; returns {@code out} filled. */
    @FunctionalInterface
    interface Runner {
        Tensor run(Tensor a3, Tensor b3, Tensor out);
    }

    static Tensor matmul(Tensor a, Tensor b, PooledTensorFactory factory, Runner runner) {
        if (a.rank() == 0 || b.rank() == 0) {
            throw new ShapeMismatchException("matmul: operands must have at least one axis, got "
                    + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
        }
        // NumPy promotion: a vector on the left becomes [1, k], on the right [k, 1]; the added axis is dropped.
        long[] as = a.rank() == 1 ? new long[] {1, a.dim(0)} : a.shape();
        long[] bs = b.rank() == 1 ? new long[] {b.dim(0), 1} : b.shape();
        long m = as[as.length - 2];
        long k = as[as.length - 1];
        long n = bs[bs.length - 1];
        if (bs[bs.length - 2] != k) {
            throw new ShapeMismatchException("matmul: inner dimensions differ: " + Arrays.toString(a.shape()) + " x "
                    + Arrays.toString(b.shape()) + " (" + k + " != " + bs[bs.length - 2] + ")");
        }
        long[] batch;
        try {
            batch = Shapes.broadcast(Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2));
        } catch (ShapeMismatchException e) {
            throw new ShapeMismatchException("matmul: batch axes of " + Arrays.toString(a.shape()) + " and "
                    + Arrays.toString(b.shape()) + " do not broadcast");
        }
        long batches = Shapes.size(batch);
        try (Tensor a3 = asBatched(a, as, batch, batches); Tensor b3 = asBatched(b, bs, batch, batches)) {
            Tensor out = runner.run(a3, b3, factory.empty(DType.F32, batches, m, n));
            // The axes added by promoting a vector operand are dropped again.
            long[] finalShape = Arrays.copyOf(batch, batch.length + (a.rank() > 1 ? 1 : 0) + (b.rank() > 1 ? 1 : 0));
            int at = batch.length;
            if (a.rank() > 1) {
                finalShape[at++] = m;
            }
            if (b.rank() > 1) {
                finalShape[at] = n;
            }
            try (out) {
                return out.reshape(finalShape);
            }
        }
    }

    // A view [batches, rows, cols] of an operand whose leading axes broadcast to `batch`; copies only when the
    // broadcast batch axes cannot be expressed with a single stride.
    private static Tensor asBatched(Tensor t, long[] promoted, long[] batch, long batches) {
        DenseTensor d = ShapeOps.dense(t);
        int r = promoted.length;
        long[] strides = t.strides();
        long rows = promoted[r - 2];
        long cols = promoted[r - 1];
        long rowStride;
        long colStride;
        if (t.rank() == 1) {
            rowStride = promoted[0] == 1 ? 0 : strides[0];
            colStride = promoted[0] == 1 ? strides[0] : 0;
        } else {
            rowStride = strides[r - 2];
            colStride = strides[r - 1];
        }
        long[] batchStrides = new long[batch.length];
        int lead = batch.length - (r - 2);
        for (int i = 0; i < batch.length; i++) {
            int src = i - lead;
            batchStrides[i] = src < 0 || promoted[src] == 1 ? 0 : strides[src];
        }
        Long single = singleStride(batch, batchStrides);
        if (single != null) {
            return d.view(new long[] {batches, rows, cols}, new long[] {single, rowStride, colStride}, t.offset());
        }
        long[] full = Arrays.copyOf(batch, batch.length + 2);
        full[batch.length] = rows;
        full[batch.length + 1] = cols;
        long[] fullStrides = Arrays.copyOf(batchStrides, batch.length + 2);
        fullStrides[batch.length] = rowStride;
        fullStrides[batch.length + 1] = colStride;
        try (DenseTensor expanded = d.view(full, fullStrides, t.offset()); Tensor copy = expanded.contiguous()) {
            return copy.reshape(batches, rows, cols);
        }
    }

    private static Long singleStride(long[] shape, long[] strides) {
        long stride = 0;
        boolean found = false;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 1) {
                continue;
            }
            if (!found) {
                stride = strides[i];
                found = true;
                continue;
            }
            long inner = 1;
            for (int j = i + 1; j < shape.length; j++) {
                inner *= shape[j];
            }
            if (strides[i] != stride * inner) {
                return null;
            }
        }
        return stride;
    }
}
