package bitnet.precision;

import bitnet.api.precision.Precision;
import bitnet.quant.ActivationQuantizer;
import bitnet.quant.HalfPrecision;
import bitnet.quant.Int4Quantizer;
import bitnet.quant.TernaryQuantizer;

/**
 * Converts values to a precision and back with the {@code bitnet.quant} quantizers, in the layouts
 * {@link Storage} counts: INT8 per-row absmax, INT4 group-wise over the row-major values, TERNARY per-tensor
 * absmean, F16 and BF16 round to nearest even.
 */
final class RoundTrip {
    private RoundTrip() {
    }

    /**
     * @param p the precision
     * @param x row-major values, a whole number of rows of {@code cols}; not changed
     * @param cols values per row, at least 1 when {@code x} is not empty
     * @param int4Group elements per INT4 scale
     * @return a new array of the values after the round trip
     * @throws bitnet.api.quant.QuantizationException if a value is not finite (INT8, INT4, TERNARY)
     */
    static float[] convert(Precision p, float[] x, int cols, int int4Group) {
        int rows = x.length == 0 ? 0 : x.length / cols;
        return switch (p) {
            case F32 -> x.clone();
            case F16 -> HalfPrecision.fromFp16(HalfPrecision.toFp16(x));
            case BF16 -> HalfPrecision.fromBf16(HalfPrecision.toBf16(x));
            case INT8 -> {
                byte[] q = new byte[x.length];
                float[] scales = new float[rows];
                ActivationQuantizer.quantize(x, rows, cols, q, scales);
                yield ActivationQuantizer.dequantize(q, scales, rows, cols);
            }
            case INT4 -> Int4Quantizer.dequantize(Int4Quantizer.quantize(x, int4Group));
            case TERNARY -> TernaryQuantizer.dequantize(TernaryQuantizer.quantize(x, rows, cols));
        };
    }
}
