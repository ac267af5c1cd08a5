package bitnet.convert;

import java.lang.foreign.MemorySegment;

import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.quant.ElementCodec;

/**
 * Reads a tensor's elements in row-major order, a tile at a time, from any layout: contiguous runs in one loop,
 * strided views through an odometer over the shape. Not thread-safe; one walk per conversion pass.
 */
final class SourceWalk {
    private final MemorySegment segment;
    private final DType dtype;
    private final long[] shape;
    private final long[] strides;
    private final long offset;
    private final boolean contiguous;
    private final long[] index;
    private long at;
    private long position;

    SourceWalk(Tensor t) {
        this.segment = t.size() == 0 ? MemorySegment.NULL : t.segment();
        this.dtype = t.dtype();
        this.shape = t.shape();
        this.strides = t.strides();
        this.offset = t.offset();
        this.contiguous = t.isContiguous();
        this.index = new long[shape.length];
    }

    /** Positions the walk at row-major element {@code element}. */
    void seek(long element) {
        position = element;
        if (contiguous) {
            return;
        }
        long rest = element;
        at = offset;
        for (int d = shape.length - 1; d >= 0; d--) {
            long extent = shape[d];
            index[d] = extent == 0 ? 0 : rest % extent;
            rest = extent == 0 ? 0 : rest / extent;
            at += index[d] * strides[d];
        }
    }

    /** Reads the next {@code n} elements into {@code tile[0, n)}. */
    void next(double[] tile, int n) {
        if (contiguous) {
            ElementCodec.readRun(segment, dtype, offset + position, tile, n);
            position += n;
            return;
        }
        for (int k = 0; k < n; k++) {
            tile[k] = ElementCodec.get(segment, dtype, at);
            for (int d = shape.length - 1; d >= 0; d--) {
                at += strides[d];
                if (++index[d] < shape[d]) {
                    break;
                }
                at -= strides[d] * shape[d];
                index[d] = 0;
            }
        }
        position += n;
    }
}
