package bitnet.api.quant;

import java.util.Objects;

import bitnet.api.tensor.Tensor;

/**
 * A quantized tensor: its values and the parameters needed to dequantize them, as {@link QuantSpec} describes.
 * Closing it closes the tensors it holds.
 *
 * @param spec how the values were quantized
 * @param values the quantized values, of dtype {@link QuantSpec#valueType()}, the original shape
 * @param scales F32 scales of shape {@link QuantSpec#scaleShape(long[])}, or null when the spec has none
 * @param zeroPoints I32 zero points (same shape as the scales) for asymmetric int8, otherwise null
 */
public record QuantizedTensor(QuantSpec spec, Tensor values, Tensor scales, Tensor zeroPoints)
        implements AutoCloseable {
    /** @throws NullPointerException if spec or values is null */
    public QuantizedTensor {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(values, "values");
    }

    @Override
    public void close() {
        values.close();
        if (scales != null) {
            scales.close();
        }
        if (zeroPoints != null) {
            zeroPoints.close();
        }
    }
}
