package bitnet.api.convert;

import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

/**
 * The outcome of one conversion. Closing it closes {@link #tensor()} (which the caller owns).
 *
 * @param tensor the converted tensor, owned by the caller; for {@link ConversionEngine#stream} it is null
 * @param source source dtype
 * @param target target dtype
 * @param strategy the strategy used
 * @param mode the mode that actually applied ({@link ConversionMode#ZERO_COPY} may fall back to
 *     {@link ConversionMode#COPY})
 * @param sharesMemory true if the result uses the source's memory (a view or an in-place conversion)
 * @param scales dequantization multipliers, {@code x ~ q * scales[row]}: one per tensor, or one per row of the
 *     last axis for per-token int8; empty when the strategy has no scale. Not copied: treat as read-only
 * @param chunks chunks processed (1 for a single pass, 0 for a view)
 * @param bytesIn bytes of source elements read
 * @param bytesOut bytes of target elements written
 * @param nanos wall time of the conversion
 */
public record ConversionResult(Tensor tensor, DType source, DType target, ConversionStrategy strategy,
        ConversionMode mode, boolean sharesMemory, float[] scales, long chunks, long bytesIn, long bytesOut,
        long nanos) implements AutoCloseable {

    /** @return the single scale, or 1 when the strategy has none */
    public float scale() {
        return scales.length == 0 ? 1f : scales[0];
    }

    /** Closes the tensor, if any. */
    @Override
    public void close() {
        if (tensor != null) {
            tensor.close();
        }
    }
}
