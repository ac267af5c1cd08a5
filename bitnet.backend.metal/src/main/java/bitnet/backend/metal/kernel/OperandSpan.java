package bitnet.backend.metal.kernel;

import java.lang.foreign.MemorySegment;

import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

/**
 * The part of a tensor's memory that a view reaches: elements {@code [first, first + count)} of its segment. Only
 * that span is copied into a device buffer; the kernel then finds element {@code (i0, ...)} at
 * {@link #kernelOffset()} {@code + sum(ik * stride_k)} from the buffer position, with the view's own strides
 * (0 for broadcast axes, negative for reversed ones). So a broadcast operand costs its real size, not the
 * output's.
 *
 * @param first the lowest element index reached
 * @param count elements from {@code first} to the highest index reached, inclusive (0 for an empty view)
 * @param kernelOffset the view's element {@code (0, ..., 0)} relative to {@code first}
 */
public record OperandSpan(long first, long count, long kernelOffset) {

    /**
     * @param t a view (any strides)
     * @return its span
     */
    public static OperandSpan of(Tensor t) {
        long[] shape = t.shape();
        long[] strides = t.strides();
        long lo = t.offset();
        long hi = t.offset();
        for (long extent : shape) {
            if (extent == 0) {
                return new OperandSpan(t.offset(), 0, 0);
            }
        }
        for (int d = 0; d < shape.length; d++) {
            long reach = (shape[d] - 1) * strides[d];
            if (reach < 0) {
                lo += reach;
            } else {
                hi += reach;
            }
        }
        return new OperandSpan(lo, hi - lo + 1, t.offset() - lo);
    }

    /** @return bytes of the span for F32 */
    public long bytes() {
        return count * Float.BYTES;
    }

    /**
     * @param t the view this span was computed for (F32)
     * @return the span's bytes of the view's segment
     */
    public MemorySegment slice(Tensor t) {
        if (t.dtype() != DType.F32) {
            throw new IllegalArgumentException("spans are computed for F32 views, not " + t.dtype());
        }
        return t.segment().asSlice(first * Float.BYTES, bytes());
    }
}
