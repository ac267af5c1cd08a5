package bitnet.backend.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import bitnet.api.ops.Op;
import bitnet.api.tensor.Tensor;
import bitnet.backend.support.RowCursor;

/**
 * F32 kernels along one axis: sum, mean and softmax. Accumulation is in double, which bounds the relative
 * error of a sum of n floats by about n * 2^-53 before the final rounding to float.
 */
final class AxisKernels {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private AxisKernels() {
    }

    private static int[] axisLast(int rank, int axis) {
        int[] order = new int[rank];
        for (int i = 0, j = 0; i < rank; i++) {
            if (i != axis) {
                order[j++] = i;
            }
        }
        order[rank - 1] = axis;
        return order;
    }

    /**
     * {@code out[..] = sum_j in[.., j, ..]} (or the mean) over {@code axis}.
     *
     * @param op {@link Op#SUM} or {@link Op#MEAN}
     * @param in operand
     * @param axis reduced axis
     * @param out contiguous result with {@code in}'s shape minus {@code axis}; written completely
     */
    static void reduce(Op op, Tensor in, int axis, Tensor out) {
        try (Tensor moved = in.permute(axisLast(in.rank(), axis))) {
            MemorySegment is = moved.segment();
            MemorySegment os = out.segment();
            RowCursor rows = new RowCursor(moved.shape(), moved);
            long n = rows.rowLength();
            long s = rows.innerStride(0);
            long outRows = out.size();
            if (n == 0) {
                // Summing nothing gives 0; the mean of nothing is NaN, as in NumPy.
                for (long r = 0; r < outRows; r++) {
                    os.setAtIndex(F, out.offset() + r, op == Op.MEAN ? Float.NaN : 0f);
                }
                return;
            }
            for (long r = 0; r < rows.rows(); r++, rows.advance()) {
                double acc = 0;
                long i = rows.offset(0);
                for (long j = 0; j < n; j++, i += s) {
                    acc += is.getAtIndex(F, i);
                }
                os.setAtIndex(F, out.offset() + r, (float) (op == Op.MEAN ? acc / n : acc));
            }
        }
    }

    /**
     * {@code out = exp(in - max) / sum(exp(in - max))} along {@code axis}.
     *
     * @param in operand
     * @param axis normalised axis
     * @param out result with {@code in}'s shape
     */
    static void softmax(Tensor in, int axis, Tensor out) {
        int[] order = axisLast(in.rank(), axis);
        try (Tensor mi = in.permute(order); Tensor mo = out.permute(order)) {
            MemorySegment is = mi.segment();
            MemorySegment os = mo.segment();
            RowCursor rows = new RowCursor(mi.shape(), mi, mo);
            long n = rows.rowLength();
            long si = rows.innerStride(0);
            long so = rows.innerStride(1);
            for (long r = 0; r < rows.rows(); r++, rows.advance()) {
                float max = Float.NEGATIVE_INFINITY;
                for (long j = 0, i = rows.offset(0); j < n; j++, i += si) {
                    float v = is.getAtIndex(F, i);
                    max = Float.isNaN(v) || v > max ? v : max;
                }
                double sum = 0;
                for (long j = 0, i = rows.offset(0), o = rows.offset(1); j < n; j++, i += si, o += so) {
                    double e = Math.exp(is.getAtIndex(F, i) - (double) max);
                    os.setAtIndex(F, o, (float) e);
                    sum += e;
                }
                double inv = 1.0 / sum;
                for (long j = 0, o = rows.offset(1); j < n; j++, o += so) {
                    os.setAtIndex(F, o, (float) (os.getAtIndex(F, o) * inv));
                }
            }
        }
    }
}
