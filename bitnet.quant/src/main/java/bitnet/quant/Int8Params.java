package bitnet.quant;

/**
 * Scale and zero point of an int8 quantization: {@code x ~ (q - zeroPoint) * scale}. Symmetric parameters have
 * {@code zeroPoint == 0} and use the codes [-127, 127]; asymmetric ones use [-128, 127].
 *
 * @param scale real value of one quantization step, finite and positive
 * @param zeroPoint the int8 code of the real value 0, in [-128, 127]
 * @param symmetric whether the codes are symmetric around 0
 */
public record Int8Params(float scale, int zeroPoint, boolean symmetric) {
    /**
     * @throws bitnet.api.quant.QuantizationException if the scale is not positive, the zero point not int8, or
     *     symmetric parameters have a zero point
     */
    public Int8Params {
        Checks.positive("int8 scale", scale);
        if (zeroPoint < -128 || zeroPoint > 127) {
            throw new bitnet.api.quant.QuantizationException("int8 zero point must be in [-128, 127], got " + zeroPoint);
        }
        if (symmetric && zeroPoint != 0) {
            throw new bitnet.api.quant.QuantizationException("symmetric int8 parameters have zero point 0, got "
                    + zeroPoint);
        }
    }

    /** @return the smallest code: -127 when symmetric, -128 otherwise */
    public int minCode() {
        return symmetric ? -127 : -128;
    }
}
