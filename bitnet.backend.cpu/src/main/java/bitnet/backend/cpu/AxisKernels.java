package bitnet.backend.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import bitnet.api.ops.Op;
import bitnet.api.tensor.Tensor;
import bitnet.backend.support.RowCursor;

/**
 * F32 kernels along one axis: reductions and softmax. The axis is moved last with a view, then each row is
 * reduced. Sums accumulate in double: for n floats the error before the final rounding to float is at most
 * about {@code n * 2^-53 * sum|x|}, far below the float result's half ulp for any n under 2^29.
 */
final class AxisKernels {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;

    private AxisKernels() {
    }

    static int[] axisLast(int rank, int axis) {
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
     * {@code out[r] = reduce_j in[.., j, ..]} over {@code axis}, row by row.
     *
     * @param op a reduction
     * @param in operand
     * @param axis reduced axis
     * @param ddof for VAR/STD: divisor {@code max(n - ddof, 0)}
     * @param out contiguous result (I32 for ARGMIN/ARGMAX); written completely
     */
    static void reduce(Op op, Tensor in, int axis, double ddof, Tensor out) {
        try (Tensor moved = in.permute(axisLast(in.rank(), axis))) {
            MemorySegment is = moved.segment();
            MemorySegment os = out.segment();
            RowCursor rows = new RowCursor(moved.shape(), moved);
            long n = rows.rowLength();
            long s = rows.innerStride(0);
            long outRows = out.size();
            if (n == 0) {
                for (long r = 0; r < outRows; r++) {
                    os.setAtIndex(F, out.offset() + r, (float) empty(op));
                }
                return;
            }
            for (long r = 0; r < rows.rows(); r++, rows.advance()) {
                long at = out.offset() + r;
                if (op == Op.ARGMIN || op == Op.ARGMAX) {
                    os.setAtIndex(I, at, (int) argExtreme(is, rows.offset(0), s, n, op == Op.ARGMAX));
                } else {
                    os.setAtIndex(F, at, (float) row(op, is, rows.offset(0), s, n, ddof));
                }
            }
        }
    }

    private static double empty(Op op) {
        return switch (op) {
            case SUM -> 0;
            case PROD -> 1;
            case LOGSUMEXP -> Double.NEGATIVE_INFINITY;
            default -> Double.NaN;
        };
    }

    private static double row(Op op, MemorySegment seg, long start, long stride, long n, double ddof) {
        switch (op) {
            case SUM, MEAN -> {
                double acc = 0;
                for (long j = 0, i = start; j < n; j++, i += stride) {
                    acc += seg.getAtIndex(F, i);
                }
                return op == Op.MEAN ? acc / n : acc;
            }
            case VAR, STD -> {
                double mean = 0;
                for (long j = 0, i = start; j < n; j++, i += stride) {
                    mean += seg.getAtIndex(F, i);
                }
                mean /= n;
                double sq = 0;
                for (long j = 0, i = start; j < n; j++, i += stride) {
                    double d = seg.getAtIndex(F, i) - mean;
                    sq += d * d;
                }
                double var = sq / Math.max(n - ddof, 0);
                return op == Op.STD ? Math.sqrt(var) : var;
            }
            case MIN, MAX -> {
                float best = seg.getAtIndex(F, start);
                for (long j = 1, i = start + stride; j < n && !Float.isNaN(best); j++, i += stride) {
                    float v = seg.getAtIndex(F, i);
                    best = op == Op.MAX ? Math.max(best, v) : Math.min(best, v);
                }
                return best;
            }
            case PROD -> {
                double acc = 1;
                for (long j = 0, i = start; j < n; j++, i += stride) {
                    acc *= seg.getAtIndex(F, i);
                }
                return acc;
            }
            case LOGSUMEXP -> {
                double max = Double.NEGATIVE_INFINITY;
                for (long j = 0, i = start; j < n; j++, i += stride) {
                    float v = seg.getAtIndex(F, i);
                    max = Float.isNaN(v) || v > max ? v : max;
                }
                if (Double.isNaN(max) || Double.isInfinite(max)) {
                    return max;
                }
                double sum = 0;
                for (long j = 0, i = start; j < n; j++, i += stride) {
                    sum += Math.exp(seg.getAtIndex(F, i) - max);
                }
                return max + Math.log(sum);
            }
            default -> throw new UnsupportedOperationException("cpu: " + op.id() + " is not a reduction");
        }
    }

    // NumPy: the first extreme wins, and the first NaN beats everything.
    private static long argExtreme(MemorySegment seg, long start, long stride, long n, boolean max) {
        long best = 0;
        float bestValue = seg.getAtIndex(F, start);
        if (Float.isNaN(bestValue)) {
            return 0;
        }
        for (long j = 1, i = start + stride; j < n; j++, i += stride) {
            float v = seg.getAtIndex(F, i);
            if (Float.isNaN(v)) {
                return j;
            }
            if (max ? v > bestValue : v < bestValue) {
                bestValue = v;
                best = j;
            }
        }
        return best;
    }

    /**
     * Softmax ({@code exp(x - max) / sum}) or log-softmax ({@code x - max - log(sum)}) along {@code axis}.
     *
     * @param log true for log-softmax
     * @param in operand
     * @param axis normalised axis
     * @param out result with {@code in}'s shape
     */
    static void softmax(boolean log, Tensor in, int axis, Tensor out) {
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
                for (long j = 0, i = rows.offset(0); j < n; j++, i += si) {
                    sum += Math.exp(is.getAtIndex(F, i) - (double) max);
                }
                double logSum = Math.log(sum);
                for (long j = 0, i = rows.offset(0), o = rows.offset(1); j < n; j++, i += si, o += so) {
                    double shifted = is.getAtIndex(F, i) - (double) max;
                    os.setAtIndex(F, o, (float) (log ? shifted - logSum : Math.exp(shifted) / sum));
                }
            }
        }
    }

    /**
     * RMSNorm or LayerNorm over the last axis (statistics in double).
     *
     * @param op RMS_NORM or LAYER_NORM
     * @param in operand {@code [..., d]}
     * @param weight {@code [d]} or null
     * @param bias {@code [d]} or null
     * @param eps added under the square root
     * @param out result
     */
    static void norm(Op op, Tensor in, Tensor weight, Tensor bias, float eps, Tensor out) {
        MemorySegment is = in.segment();
        MemorySegment os = out.segment();
        RowCursor rows = new RowCursor(in.shape(), in, out);
        long n = rows.rowLength();
        long si = rows.innerStride(0);
        long so = rows.innerStride(1);
        float[] w = weight == null ? null : weight.toFloatArray();
        float[] b = bias == null ? null : bias.toFloatArray();
        for (long r = 0; r < rows.rows(); r++, rows.advance()) {
            double mean = 0;
            if (op == Op.LAYER_NORM) {
                for (long j = 0, i = rows.offset(0); j < n; j++, i += si) {
                    mean += is.getAtIndex(F, i);
                }
                mean /= n;
            }
            double sq = 0;
            for (long j = 0, i = rows.offset(0); j < n; j++, i += si) {
                double d = is.getAtIndex(F, i) - mean;
                sq += d * d;
            }
            double inv = 1 / Math.sqrt(sq / n + eps);
            for (int j = 0; j < n; j++) {
                double v = (is.getAtIndex(F, rows.offset(0) + j * si) - mean) * inv;
                if (w != null) {
                    v *= w[j];
                }
                if (b != null) {
                    v += b[j];
                }
                os.setAtIndex(F, rows.offset(1) + j * so, (float) v);
            }
        }
    }
}
