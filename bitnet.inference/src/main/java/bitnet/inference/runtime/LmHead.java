package bitnet.inference.runtime;

import bitnet.api.ops.TensorOps;
import bitnet.api.quant.QuantSpec;
import bitnet.api.quant.QuantizedTensor;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Slice;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;

/**
 * The output projection {@code logits = x W^T}, a plain matrix product (BitNet does not quantize it): the weights as
 * stored (F16, BF16 or F32, often the embedding itself), or, by choice, int8 rows with one scale each
 * ({@code W[r] ~ q[r] * scale[r]}, {@code scale = max|W[r]| / 127}, round half to even), which reads half the bytes of
 * F16 per token.
 */
final class LmHead implements AutoCloseable {
    /** Rows quantized per call while building the int8 head, so no heap array of the whole head is needed. */
    private static final int ROWS_PER_CHUNK = 4096;

    private final Tensor weights;
    private final Tensor scales;
    private final String description;

    private LmHead(Tensor weights, Tensor scales, String description) {
        this.weights = weights;
        this.scales = scales;
        this.description = description;
    }

    /**
     * @param stored the head as the checkpoint holds it (not closed here; a view is kept)
     * @param tied whether it is the embedding
     * @return the head reading the stored weights
     */
    static LmHead asStored(Tensor stored, boolean tied) {
        return new LmHead(stored.slice(), null, stored.dtype() + (tied ? " (tied to the embedding)" : ""));
    }

    /**
     * Builds the int8 head from the stored weights, a chunk of rows at a time through the dispatcher.
     *
     * @param ops the operations
     * @param factory allocates the int8 rows and their scales
     * @param stored the head as stored
     * @return the int8 head
     */
    static LmHead int8(TensorOps ops, TensorFactory factory, Tensor stored) {
        long rows = stored.dim(0);
        long cols = stored.dim(1);
        Tensor values = factory.empty(DType.I8, rows, cols);
        Tensor scales = null;
        try {
            scales = factory.empty(DType.F32, rows);
            for (long r0 = 0; r0 < rows; r0 += ROWS_PER_CHUNK) {
                long r1 = Math.min(rows, r0 + ROWS_PER_CHUNK);
                try (Tensor part = stored.slice(Slice.range(r0, r1));
                        QuantizedTensor q = ops.quantize(part, QuantSpec.int8Symmetric(true));
                        Tensor s = q.scales().reshape(r1 - r0);
                        Tensor valuesPart = values.slice(Slice.range(r0, r1));
                        Tensor scalesPart = scales.slice(Slice.range(r0, r1))) {
                    ops.copy(q.values(), valuesPart);
                    ops.copy(s, scalesPart);
                }
            }
            return new LmHead(values, scales, "INT8 per row (from " + stored.dtype() + ")");
        } catch (RuntimeException | Error e) {
            values.close();
            if (scales != null) {
                scales.close();
            }
            throw e;
        }
    }

    /**
     * @param ops the operations
     * @param rows F32 {@code [n, hidden]}
     * @return F32 {@code [n, vocab]}
     */
    Tensor logits(TensorOps ops, Tensor rows) {
        return ops.linear(weights, scales, rows);
    }

    /** @return how the head is held, for people */
    String description() {
        return description;
    }

    /** @return bytes the head reads per token */
    long bytes() {
        return weights.dtype().byteSize(weights.size()) + (scales == null ? 0 : 4 * scales.size());
    }

    @Override
    public void close() {
        weights.close();
        if (scales != null) {
            scales.close();
        }
    }
}
