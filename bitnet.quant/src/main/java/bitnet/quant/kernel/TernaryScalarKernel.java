package bitnet.quant.kernel;

/**
 * The exact integer reference of the ternary product, one weight at a time from the kernel layout:
 * <pre>
 *   out[t * rows + r] = sum_{k < cols} W[r, k] * x[t, k]          W in {-1, 0, 1}, x int8, 32-bit sum
 * </pre>
 * No overflow is possible below {@code cols = 2^24}. {@link TernaryVectorKernel} must match it bit for bit.
 */
public final class TernaryScalarKernel {
    private TernaryScalarKernel() {
    }

    /**
     * Computes rows {@code [rowFrom, rowTo)} for every activation vector.
     *
     * @param w weights, any lane layout
     * @param x prepared activations for {@code w}
     * @param out receives {@code [x.count(), w.rows()]} token-major, only the given rows are written
     * @param rowFrom first row
     * @param rowTo end row, exclusive
     * @throws bitnet.api.quant.QuantizationException if the shapes do not fit or the row range is outside the matrix
     */
    public static void multiply(TernaryMatrix w, Int8Activations x, int[] out, int rowFrom, int rowTo) {
        KernelChecks.shapes(w, x, out);
        KernelChecks.rows(w, rowFrom, rowTo);
        short[] codes = w.codes();
        short[] xs = x.values();
        int lanes = w.lanes();
        int blocks = w.blocks();
        for (int t = 0; t < x.count(); t++) {
            int xo = t * x.stride();
            for (int r = rowFrom; r < rowTo; r++) {
                int base = r * blocks * lanes;
                int acc = 0;
                // Padding columns have weight 0 and activation 0, so whole blocks can be summed.
                for (int b = 0; b < blocks; b++) {
                    for (int g = 0; g < TernaryMatrix.CODES_PER_SHORT; g++) {
                        int xb = xo + (b * TernaryMatrix.CODES_PER_SHORT + g) * lanes;
                        for (int j = 0; j < lanes; j++) {
                            int code = (codes[base + b * lanes + j] >> (2 * g)) & 3;
                            acc += (code - 1) * xs[xb + j];
                        }
                    }
                }
                out[t * w.rows() + r] = acc;
            }
        }
    }
}
