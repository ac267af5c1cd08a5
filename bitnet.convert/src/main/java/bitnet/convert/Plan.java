package bitnet.convert;

import bitnet.api.convert.ConversionStrategy;
import bitnet.api.tensor.DType;

/**
 * A resolved conversion: how each value is scaled ({@code y = x op factor}), then rounded onto the target. The
 * float operations reproduce {@code bitnet.quant}'s arithmetic exactly (it computes in float).
 *
 * @param strategy the strategy
 * @param source source dtype
 * @param target target dtype
 * @param op how the factor applies
 * @param factors one factor, or one per row of {@code rowLength} elements
 * @param rowLength elements sharing a factor
 * @param scales dequantization multipliers reported to the caller
 * @param min smallest integer code (integer and ternary targets)
 * @param max largest integer code
 * @param seed stochastic seed
 */
record Plan(ConversionStrategy strategy, DType source, DType target, Op op, float[] factors, long rowLength,
        float[] scales, long min, long max, long seed) {

    /** How a factor is applied before rounding. */
    enum Op {
        NONE, DIV_DOUBLE, DIV_FLOAT, MUL_FLOAT
    }

    boolean stochastic() {
        return strategy == ConversionStrategy.STOCHASTIC;
    }
}
