package bitnet.backend.metal.kernel;

import bitnet.api.quant.QuantizationException;
import bitnet.api.quant.ScaleGranularity;
import bitnet.quant.TernaryQuantizer;

/**
 * The host half of ternary weight quantization on the GPU: the absmean scales and the divisors the
 * {@code bm_quantize_ternary_t2} kernel divides by, computed exactly as {@code bitnet.quant.TernaryQuantizer}
 * does ({@code gamma = mean|W|} summed in double, {@code divisor = gamma + 1e-5f} in float), because Metal has no
 * double and the rounding of {@code W / divisor} decides the trits. The kernel then writes the 2-bit codes of the
 * {@code TERNARY} dtype.
 *
 * <p>{@link QuantizePlan} uses it for {@code OpCall.Quantize} with {@code QuantSpec.ternary(...)}; it is tested
 * against the Java quantizer.
 *
 * @param gammas one scale per group, row-major ({@code rows * groupsPerRow})
 * @param divisors {@code gamma + 1e-5f} per group
 * @param params the kernel's {@code bm_ternary_params}
 * @param launch the kernel's grid
 */
public record TernaryQuantizePlan(float[] gammas, float[] divisors, byte[] params, Launch launch) {
    /**
     * @param w row-major {@code [rows, cols]} weights
     * @param rows output features, at least 1
     * @param cols input features, at least 1
     * @param granularity which weights share a scale
     * @param groupSize columns per group for {@code PER_GROUP}
     * @param maxThreads the device's threadgroup limit
     * @return scales, divisors, parameters and grid
     * @throws QuantizationException if the shape does not match, a weight is not finite or the group size is below 1
     */
    public static TernaryQuantizePlan of(float[] w, int rows, int cols, ScaleGranularity granularity, int groupSize,
            int maxThreads) {
        if (rows < 1 || cols < 1 || (long) rows * cols != w.length) {
            throw new QuantizationException("weight matrix is " + rows + " x " + cols + " but holds " + w.length
                    + " values");
        }
        for (int i = 0; i < w.length; i++) {
            if (!Float.isFinite(w[i])) {
                throw new QuantizationException("weight " + i + " is not finite: " + w[i]);
            }
        }
        int group = switch (granularity) {
            case PER_TENSOR -> cols;
            case PER_CHANNEL -> cols;
            case PER_GROUP -> {
                if (groupSize < 1) {
                    throw new QuantizationException("group size must be at least 1, got " + groupSize);
                }
                yield Math.min(groupSize, cols);
            }
        };
        int perRow = (cols + group - 1) / group;
        float[] gammas;
        if (granularity == ScaleGranularity.PER_TENSOR) {
            gammas = new float[] {TernaryQuantizer.absMean(w, 0, w.length)};
        } else {
            gammas = new float[rows * perRow];
            for (int r = 0; r < rows; r++) {
                for (int g = 0; g < perRow; g++) {
                    int from = r * cols + g * group;
                    gammas[r * perRow + g] = TernaryQuantizer.absMean(w, from, Math.min(from + group, (r + 1) * cols));
                }
            }
        }
        float[] divisors = new float[gammas.length];
        for (int i = 0; i < gammas.length; i++) {
            divisors[i] = gammas[i] + TernaryQuantizer.EPS;
        }
        // Per tensor: one group spanning the matrix, so the kernel's group index (i / cols) * perRow + ... is 0.
        byte[] params = granularity == ScaleGranularity.PER_TENSOR
                ? ParamBlocks.ternary(w.length, w.length, w.length, 1)
                : ParamBlocks.ternary(w.length, cols, group, perRow);
        return new TernaryQuantizePlan(gammas, divisors, params, Launch.ternaryQuantize(w.length, maxThreads));
    }

    /**
     * The kernel's group index for weight {@code i}, the same expression as in quant.metal; used by tests to check
     * that the parameters address the right divisor.
     *
     * @param i weight index
     * @param cols the {@code cols} parameter
     * @param group the {@code group} parameter
     * @param groupsPerRow the {@code groups_per_row} parameter
     * @return index into {@link #divisors()}
     */
    public static int groupIndex(long i, long cols, long group, long groupsPerRow) {
        return (int) ((i / cols) * groupsPerRow + (i % cols) / group);
    }
}
