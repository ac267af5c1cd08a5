package bitnet.backend.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import bitnet.api.ops.Op;
import bitnet.api.tensor.Tensor;
import bitnet.backend.support.RowCursor;
import bitnet.backend.support.ScalarOps;

/**
 * Element-wise F32 kernels over operands of any strides (including 0 for broadcast axes):
 * {@code out[i] = f(a[i], b[i], ...)} for every index {@code i} of the output's shape; only {@code out} is
 * written. The operations themselves are defined in {@link ScalarOps}.
 */
final class ElementwiseKernels {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private ElementwiseKernels() {
    }

    /**
     * @param op a binary element-wise op or comparison
     * @param a left operand, shape of {@code out}
     * @param b right operand, shape of {@code out}
     * @param out result
     */
    static void binary(Op op, Tensor a, Tensor b, Tensor out) {
        MemorySegment as = a.segment();
        MemorySegment bs = b.segment();
        MemorySegment os = out.segment();
        RowCursor rows = new RowCursor(out.shape(), a, b, out);
        long n = rows.rowLength();
        long sa = rows.innerStride(0);
        long sb = rows.innerStride(1);
        long so = rows.innerStride(2);
        for (long r = 0; r < rows.rows(); r++, rows.advance()) {
            long ia = rows.offset(0);
            long ib = rows.offset(1);
            long io = rows.offset(2);
            for (long j = 0; j < n; j++, ia += sa, ib += sb, io += so) {
                os.setAtIndex(F, io, ScalarOps.binary(op, as.getAtIndex(F, ia), bs.getAtIndex(F, ib)));
            }
        }
    }

    /**
     * @param op a unary op or activation
     * @param in operand, shape of {@code out}
     * @param out result
     */
    static void unary(Op op, Tensor in, Tensor out) {
        MemorySegment is = in.segment();
        MemorySegment os = out.segment();
        RowCursor rows = new RowCursor(out.shape(), in, out);
        long n = rows.rowLength();
        long si = rows.innerStride(0);
        long so = rows.innerStride(1);
        for (long r = 0; r < rows.rows(); r++, rows.advance()) {
            long ii = rows.offset(0);
            long io = rows.offset(1);
            for (long j = 0; j < n; j++, ii += si, io += so) {
                os.setAtIndex(F, io, ScalarOps.unary(op, is.getAtIndex(F, ii)));
            }
        }
    }

    /**
     * {@code out = min(max(in, lo), hi)}; a NaN bound is absent; NaN in {@code in} stays NaN.
     *
     * @param in operand
     * @param lo lower bound or NaN
     * @param hi upper bound or NaN
     * @param out result
     */
    static void clamp(Tensor in, float lo, float hi, Tensor out) {
        MemorySegment is = in.segment();
        MemorySegment os = out.segment();
        RowCursor rows = new RowCursor(out.shape(), in, out);
        long n = rows.rowLength();
        boolean hasLo = !Float.isNaN(lo);
        boolean hasHi = !Float.isNaN(hi);
        for (long r = 0; r < rows.rows(); r++, rows.advance()) {
            long ii = rows.offset(0);
            long io = rows.offset(1);
            for (long j = 0; j < n; j++, ii += rows.innerStride(0), io += rows.innerStride(1)) {
                float v = is.getAtIndex(F, ii);
                if (hasLo) {
                    v = Math.max(v, lo);
                }
                if (hasHi) {
                    v = Math.min(v, hi);
                }
                os.setAtIndex(F, io, v);
            }
        }
    }

    /**
     * {@code out = mask != 0 ? x : y}.
     *
     * @param mask selector, shape of {@code out}
     * @param x chosen where the mask is nonzero (NaN counts as nonzero)
     * @param y chosen elsewhere
     * @param out result
     */
    static void where(Tensor mask, Tensor x, Tensor y, Tensor out) {
        MemorySegment ms = mask.segment();
        MemorySegment xs = x.segment();
        MemorySegment ys = y.segment();
        MemorySegment os = out.segment();
        RowCursor rows = new RowCursor(out.shape(), mask, x, y, out);
        long n = rows.rowLength();
        for (long r = 0; r < rows.rows(); r++, rows.advance()) {
            long im = rows.offset(0);
            long ix = rows.offset(1);
            long iy = rows.offset(2);
            long io = rows.offset(3);
            for (long j = 0; j < n; j++) {
                float v = ms.getAtIndex(F, im) != 0 ? xs.getAtIndex(F, ix) : ys.getAtIndex(F, iy);
                os.setAtIndex(F, io, v);
                im += rows.innerStride(0);
                ix += rows.innerStride(1);
                iy += rows.innerStride(2);
                io += rows.innerStride(3);
            }
        }
    }
}
