package bitnet.api.convert;

/**
 * How values are mapped onto the target dtype. Every strategy is deterministic; {@link #STOCHASTIC} is
 * deterministic for a given seed.
 */
public enum ConversionStrategy {
    /**
     * A plain cast: round to nearest, ties to even; integer and ternary targets saturate at their range
     * ({@code TERNARY} is the range [-1, 1]); NaN becomes 0 in integer targets; floating targets keep NaN and
     * infinities, and F16 overflows to infinity above 65504. No scale.
     */
    DIRECT,
    /**
     * Absmax scaling: {@code scale = max|x| / M}, stored {@code q = round(x / scale)} (nearest even, clamped to
     * [-M, M]), so that {@code x ~ q * scale}. {@code M} is 127 for I8 (the symmetric int8 scheme of
     * {@code bitnet.quant.Int8Quantizer}), 2^31-1 for I32, 1 for TERNARY. Floating targets are scaled only when
     * {@code max|x|} exceeds their largest finite value (F16: 65504), else {@code scale = 1}. Non-finite input
     * is rejected.
     */
    SCALED,
    /**
     * The BitNet b1.58 quantizers of {@code bitnet.quant}: TERNARY by per-tensor absmean
     * ({@code TernaryQuantizer}, scale = gamma), I8 by per-token absmax over the last axis
     * ({@code ActivationQuantizer}, one scale per row, {@code x ~ q * scale}). Other targets are not supported;
     * non-finite input is rejected.
     */
    QUANTIZATION_AWARE,
    /**
     * Stochastic rounding with a seeded counter-based generator: a value between two neighbours {@code lo < x < hi}
     * of the target becomes {@code hi} with probability {@code (x - lo) / (hi - lo)}, so {@code E[q] = x}
     * (unbiased) inside the target's range; integer targets saturate. The draw for element {@code i} depends only
     * on the seed and {@code i}, so results do not depend on mode or chunk size. Non-finite input into integer or
     * ternary targets is rejected.
     */
    STOCHASTIC
}
