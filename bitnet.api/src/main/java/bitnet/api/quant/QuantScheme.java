package bitnet.api.quant;

/** The quantization schemes the platform implements; the formulas are in each quantizer's Javadoc. */
public enum QuantScheme {
    /** BitNet b1.58 weights: {@code gamma = mean|W|}, {@code W_q = RoundClip(W / (gamma + eps), -1, 1)}. */
    TERNARY_ABSMEAN,
    /** BitNet activations: per token {@code s = 127 / max(|x|, 1e-5)}, {@code x_q = clamp(round(x * s), -128, 127)}. */
    INT8_ABSMAX,
    /** Symmetric int8: {@code q = clamp(round(x / scale), -127, 127)}. */
    INT8_SYMMETRIC,
    /** Asymmetric int8 with zero point: {@code q = clamp(round(x / scale) + zp, -128, 127)}. */
    INT8_ASYMMETRIC,
    /** Group-wise symmetric int4: {@code q = clamp(round(x / scale_g), -8, 7)}, two per byte. */
    INT4_GROUP,
    /** IEEE 754 binary16, round to nearest even. */
    FP16,
    /** bfloat16, round to nearest even. */
    BF16
}
