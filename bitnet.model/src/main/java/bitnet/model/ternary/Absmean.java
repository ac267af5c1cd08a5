package bitnet.model.ternary;

import java.lang.foreign.MemorySegment;

/**
 * BitNet b1.58 weight quantization as Hugging Face's BitNet layers apply it to latent weights: one scale per tensor,
 * <pre>
 *   scale = max(mean(|W|), 1e-5)            (the mean summed in double, then rounded to float)
 *   T     = clamp(rint(W / scale), -1, 1)   (rint: round half to even, like torch.round)
 * </pre>
 * so that {@code W ≈ T × scale}. Two passes: the mean, then the codes. (bitnet.quant's {@code TernaryQuantizer}
 * divides by {@code mean + 1e-5} instead, which moves rounding boundaries, so it is not used here.)
 */
public final class Absmean {
    /** The floor of the scale. */
    public static final float MIN_SCALE = 1e-5f;

    private Absmean() {
    }

    /** Sum of |v| in double, in four independent chains so that the additions overlap. */
    private static double absSum(float[] v, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += Math.abs(v[i]);
            s1 += Math.abs(v[i + 1]);
            s2 += Math.abs(v[i + 2]);
            s3 += Math.abs(v[i + 3]);
        }
        for (; i < n; i++) {
            s0 += Math.abs(v[i]);
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * @param src the latent weights
     * @param rows rows
     * @param cols values per row
     * @param dst TERNARY memory for {@code rows * cols} values, zeroed
     * @return the scale, or NaN if some weight is not finite ({@code dst} is then untouched)
     */
    public static float quantize(RowSource src, int rows, int cols, MemorySegment dst) {
        float[] row = new float[cols];
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            src.read(r, row);
            sum += absSum(row, cols);
        }
        if (!Double.isFinite(sum)) {
            return Float.NaN;
        }
        double count = (double) rows * cols;
        float scale = Math.max(count == 0 ? 0f : (float) (sum / count), MIN_SCALE);
        byte[] codes = new byte[cols];
        byte[] scratch = new byte[cols / 4 + 1];
        for (int r = 0; r < rows; r++) {
            src.read(r, row);
            for (int i = 0; i < cols; i++) {
                // clamp(rint(x), -1, 1) is +1 exactly when x > 0.5 (rint(0.5) = 0, half to even) and -1 when x < -0.5.
                float x = row[i] / scale;
                codes[i] = (byte) ((x > 0.5f ? TernaryCodes.PLUS : 0) | (x < -0.5f ? TernaryCodes.MINUS : 0));
            }
            TernaryCodes.writeRow(codes, cols, scratch, dst, (long) r * cols);
        }
        return scale;
    }
}
