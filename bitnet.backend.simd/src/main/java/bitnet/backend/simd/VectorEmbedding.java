package bitnet.backend.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

/**
 * Embedding lookup {@code out[i, :] = table[ids[i], :]} converted to F32. Exact: F32 rows are copied, F16 and BF16
 * rows converted by {@link RowConverter} (every non-NaN value bit-identical to the reference; NaN stays NaN).
 */
final class VectorEmbedding {
    private VectorEmbedding() {
    }

    /**
     * @param table {@code [rows, width]}, F32, F16 or BF16, contiguous
     * @param ids I32 {@code [n]}, contiguous, each in {@code [0, rows)} (checked by the caller)
     * @param out F32 {@code [n, width]}, contiguous; every element is written
     */
    static void embedding(Tensor table, Tensor ids, Tensor out) {
        int width = Math.toIntExact(table.dim(1));
        long n = ids.size();
        DType dtype = table.dtype();
        MemorySegment t = table.segment();
        MemorySegment is = ids.segment();
        MemorySegment os = out.segment();
        int elementBytes = dtype.bitsPerElement() / 8;
        RowConverter converter = dtype == DType.F32 ? null : new RowConverter(dtype, width);
        float[] row = dtype == DType.F32 ? null : new float[width];
        for (long i = 0; i < n; i++) {
            long id = is.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, ids.offset() + i);
            long from = (table.offset() + id * width) * elementBytes;
            long to = (out.offset() + i * width) * Float.BYTES;
            if (converter == null) {
                MemorySegment.copy(t, from, os, to, (long) width * Float.BYTES);
            } else {
                converter.read(t, from, width, row, 0);
                MemorySegment.copy(row, 0, os, ValueLayout.JAVA_FLOAT_UNALIGNED, to, width);
            }
        }
    }
}
