package bitnet.quant;

import bitnet.api.quant.QuantizationException;
import bitnet.api.quant.ScaleGranularity;

/**
 * BitNet b1.58 weight quantization (Ma et al., arXiv 2402.17764, section 2, "absmean"):
 * <pre>
 *   gamma = mean(|W|)                                   over the elements sharing a scale
 *   W_q   = RoundClip(W / (gamma + eps), -1, 1)         RoundClip(x, a, b) = max(a, min(b, round(x)))
 * </pre>
 * with {@code eps = }{@value #EPS} and {@code round} to nearest, ties to even ({@link Math#rint}).
 * The scale is shared per tensor (the paper), per output channel (row) or per group of {@code groupSize}
 * consecutive columns of a row (the last group of a row may be shorter). Dequantization is
 * {@code W' = W_q * gamma}.
 */
public final class TernaryQuantizer {
    /** The epsilon in {@code W / (gamma + eps)}; it keeps an all-zero scale group finite. */
    public static final float EPS = 1e-5f;

    private TernaryQuantizer() {
    }

    /**
     * Quantizes a row-major {@code [rows, cols]} weight matrix.
     *
     * @param w weights, length {@code rows * cols}; not changed
     * @param rows output features
     * @param cols input features
     * @param granularity which weights share a gamma
     * @param groupSize columns per group, used only for {@code PER_GROUP}
     * @return trits and gammas
     * @throws QuantizationException if the shape does not match, a weight is not finite or {@code groupSize < 1}
     */
    public static TernaryWeights quantize(float[] w, int rows, int cols, ScaleGranularity granularity,
            int groupSize) {
        Checks.shape("weight matrix", rows, cols, w.length);
        Checks.finite(w, 0, w.length);
        int group = switch (granularity) {
            case PER_TENSOR -> Math.max(1, w.length);
            case PER_CHANNEL -> Math.max(1, cols);
            case PER_GROUP -> {
                if (groupSize < 1) {
                    throw new QuantizationException("group size must be at least 1, got " + groupSize);
                }
                yield groupSize;
            }
        };
        byte[] trits = new byte[w.length];
        float[] gammas;
        if (granularity == ScaleGranularity.PER_TENSOR) {
            gammas = new float[] {quantizeRange(w, 0, w.length, trits)};
        } else {
            int perRow = (cols + group - 1) / group;
            gammas = new float[rows * perRow];
            for (int r = 0; r < rows; r++) {
                for (int g = 0; g < perRow; g++) {
                    int from = r * cols + g * group;
                    int to = Math.min(from + group, (r + 1) * cols);
                    gammas[r * perRow + g] = quantizeRange(w, from, to, trits);
                }
            }
        }
        int effectiveGroup = granularity == ScaleGranularity.PER_GROUP ? group : cols;
        return new TernaryWeights(trits, gammas, granularity, rows, cols, effectiveGroup);
    }

    /** Per-tensor quantization, the paper's variant. */
    public static TernaryWeights quantize(float[] w, int rows, int cols) {
        return quantize(w, rows, cols, ScaleGranularity.PER_TENSOR, cols);
    }

    /**
     * Absmean scale of {@code w[from, to)}: {@code mean(|w|)}, summed in double; 0 for an empty range.
     *
     * @param w values
     * @param from first index
     * @param to end index, exclusive
     * @return gamma
     */
    public static float absMean(float[] w, int from, int to) {
        if (to <= from) {
            return 0f;
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += Math.abs(w[i]);
        }
        return (float) (sum / (to - from));
    }

    private static float quantizeRange(float[] w, int from, int to, byte[] trits) {
        float gamma = absMean(w, from, to);
        quantizeWith(w, from, to, gamma, trits);
        return gamma;
    }

    /**
     * The static form: {@code trits[i] = RoundClip(w[i] / (gamma + eps), -1, 1)} for {@code i} in
     * {@code [from, to)} with a gamma computed earlier (e.g. on calibration weights).
     *
     * @param w weights, finite
     * @param from first index
     * @param to end index (exclusive)
     * @param gamma the scale, finite and not negative
     * @param trits output, same indices as {@code w}
     */
    public static void quantizeWith(float[] w, int from, int to, float gamma, byte[] trits) {
        float divisor = gamma + EPS;
        for (int i = from; i < to; i++) {
            trits[i] = (byte) Math.max(-1, Math.min(1, (int) Math.rint(w[i] / divisor)));
        }
    }

    /**
     * Dequantizes: {@code out[r * cols + c] = trits[r * cols + c] * gamma(r, c)}.
     *
     * @param q quantized weights
     * @return a new row-major float matrix
     */
    public static float[] dequantize(TernaryWeights q) {
        float[] out = new float[q.trits().length];
        int cols = q.cols();
        for (int r = 0; r < q.rows(); r++) {
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                out[i] = q.trits()[i] * q.gamma(r, c);
            }
        }
        return out;
    }
}
