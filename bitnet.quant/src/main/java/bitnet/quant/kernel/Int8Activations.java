package bitnet.quant.kernel;

import bitnet.quant.Checks;

/**
 * {@code n} int8 activation vectors prepared for the ternary kernels: widened to 16 bits, each padded with zeros
 * to the matrix's {@link TernaryMatrix#paddedCols()}, with the sum of each vector, which the kernels subtract
 * because they multiply by the code {@code w + 1} instead of {@code w}. Prepared once per call, read by every row.
 */
public final class Int8Activations {
    private final short[] values;
    private final short[] telescoped;
    private final int[] sums;
    private final int count;
    private final int cols;
    private final int stride;

    private Int8Activations(short[] values, short[] telescoped, int[] sums, int count, int cols, int stride) {
        this.values = values;
        this.telescoped = telescoped;
        this.sums = sums;
        this.count = count;
        this.cols = cols;
        this.stride = stride;
    }

    /**
     * @param xq row-major int8 activations {@code [n, cols]}; not changed
     * @param n number of vectors (tokens)
     * @param w the matrix they will meet, which fixes {@code cols} and the padding
     * @return the prepared activations
     * @throws bitnet.api.quant.QuantizationException if {@code xq.length != n * w.cols()}
     */
    public static Int8Activations of(byte[] xq, int n, TernaryMatrix w) {
        int cols = w.cols();
        Checks.shape("int8 activations", n, cols, xq.length);
        int stride = w.paddedCols();
        short[] values = new short[Math.multiplyExact(n, stride)];
        int[] sums = new int[n];
        for (int t = 0; t < n; t++) {
            int sum = 0;
            for (int k = 0; k < cols; k++) {
                int v = xq[t * cols + k];
                values[t * stride + k] = (short) v;
                sum += v;
            }
            sums[t] = sum;
        }
        return new Int8Activations(values, telescope(values, w.lanes()), sums, n, cols, stride);
    }

    /** @return number of vectors */
    public int count() {
        return count;
    }

    /** @return unpadded length of each vector */
    public int cols() {
        return cols;
    }

    /** @return distance between vectors in {@link #values()}, the padded length */
    int stride() {
        return stride;
    }

    short[] values() {
        return values;
    }

    /**
     * {@code x'} for the vector kernel: in each block of {@code 8L}, field {@code g >= 1} holds
     * {@code x_g - 4 * x_(g-1)} (wrapping 16-bit arithmetic) and field 0 holds {@code x_0}. Since the code fields
     * satisfy {@code c_g = (p >>> 2g) - 4 * (p >>> 2g + 2)}, {@code sum_g c_g * x_g = sum_g (p >>> 2g) * x'_g}
     * modulo 2^16, which saves the mask per field; the kernel's bounds keep each true lane sum inside 16 bits.
     */
    short[] telescoped() {
        return telescoped;
    }

    private static short[] telescope(short[] values, int lanes) {
        short[] out = new short[values.length];
        int block = TernaryMatrix.CODES_PER_SHORT * lanes;
        for (int i = 0; i < values.length; i++) {
            out[i] = (short) (i % block < lanes ? values[i] : values[i] - 4 * values[i - lanes]);
        }
        return out;
    }

    int sum(int t) {
        return sums[t];
    }
}
