package bitnet.backend.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import bitnet.api.ops.Op;
import bitnet.api.tensor.Tensor;
import bitnet.backend.support.RowCursor;

/**
 * Element-wise F32 kernels over operands of any strides (including 0 for broadcast axes).
 * {@code out[i] = f(a[i], b[i])} for every index {@code i} of the output's shape; only {@code out} is written.
 */
final class ElementwiseKernels {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private ElementwiseKernels() {
    }

    /**
     * @param op {@link Op#ADD}, {@link Op#SUB}, {@link Op#MUL} or {@link Op#DIV}
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
                float x = as.getAtIndex(F, ia);
                float y = bs.getAtIndex(F, ib);
                float v = switch (op) {
                    case ADD -> x + y;
                    case SUB -> x - y;
                    case MUL -> x * y;
                    case DIV -> x / y;
                    default -> throw new UnsupportedOperationException("cpu: " + op.id() + " is not element-wise");
                };
                os.setAtIndex(F, io, v);
            }
        }
    }

    /**
     * @param op {@link Op#RELU} or {@link Op#GELU}
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
                float x = is.getAtIndex(F, ii);
                float v = switch (op) {
                    // NaN propagates, and -0.0 maps to 0.0 as in NumPy's maximum(x, 0).
                    case RELU -> x > 0 || Float.isNaN(x) ? x : 0f;
                    case GELU -> (float) ScalarMath.gelu(x);
                    default -> throw new UnsupportedOperationException("cpu: " + op.id() + " is not unary");
                };
                os.setAtIndex(F, io, v);
            }
        }
    }
}
