package bitnet.quant;

/**
 * Scale and zero point of an int8 quantization: {@code x ~ (q - zeroPoint) * scale}. Symmetric parameters have
 * {@code zeroPoint == 0}.
 *
 * @param scale real value of one quantization step, finite and positive
 * @param zeroPoint the int8 code of the real value 0, in [-128, 127]
 */
public record Int8Params(float scale, int zeroPoint) {
    /** @throws bitnet.api.quant.QuantizationException if the scale is not positive or the zero point not int8 */
    public Int8Params {
        Checks.positive("int8 scale", scale);
        if (zeroPoint < -128 || zeroPoint > 127) {
            throw new bitnet.api.quant.QuantizationException("int8 zero point must be in [-128, 127], got " + zeroPoint);
        }
    }
}
