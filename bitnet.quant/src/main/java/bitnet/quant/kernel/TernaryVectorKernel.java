package bitnet.quant.kernel;

import bitnet.api.quant.QuantizationException;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API ternary x int8 kernel; same contract and bit-exact results as {@link TernaryScalarKernel}.
 *
 * <p>Per block of {@code 8L} weights (see {@link TernaryMatrix}) it loads {@code L} shorts of codes {@code p} once
 * and, for each of the eight 2-bit fields, accumulates {@code (p >>> 2g) * x'_g} in 16-bit lanes, where
 * {@code x'} are the telescoped activations of {@link Int8Activations#telescoped()}: this equals
 * {@code sum_g c_g * x_g} with {@code c = w + 1} without masking each field. The row result is
 * {@code sum(c * x) - sum(x)}. A 16-bit lane takes at most {@value #FLUSH_BLOCKS} blocks before it is widened into
 * 32-bit lanes: the true lane sum of that many blocks of eight products {@code c * x} in [-256, 254] lies in
 * [-32768, 32512], so the wrapping 16-bit arithmetic is exact. With several activation vectors, each decoded weight
 * vector serves four of them.
 *
 * <p>The vector width is {@code ShortVector.SPECIES_PREFERRED} unless the JVM is started with
 * {@code -Dbitnet.quant.vectorBits=64|128|256|512} (tests use it to cover the AVX2 width on AVX-512 hardware).
 */
public final class TernaryVectorKernel {
    static final VectorSpecies<Short> S = species();
    static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    /** Blocks a 16-bit accumulator takes before widening: 16 * 8 * (-256) = -32768 still fits. */
    static final int FLUSH_BLOCKS = 16;
    /** Rows per tile in the multi-vector path, so the tile's codes stay in L1 while columns stream by. */
    static final int ROW_TILE = 16;

    private TernaryVectorKernel() {
    }

    private static VectorSpecies<Short> species() {
        String bits = System.getProperty("bitnet.quant.vectorBits");
        if (bits == null) {
            return ShortVector.SPECIES_PREFERRED;
        }
        return VectorSpecies.of(short.class, VectorShape.forBitSize(Integer.parseInt(bits.trim())));
    }

    /** @return 16-bit lanes of this kernel's vectors; lay out {@link TernaryMatrix} with this */
    public static int lanes() {
        return S.length();
    }

    /**
     * Computes rows {@code [rowFrom, rowTo)} for every activation vector:
     * {@code out[t * rows + r] = sum_k W[r, k] * x[t, k]}.
     *
     * @param w weights laid out for {@link #lanes()}
     * @param x prepared activations for {@code w}
     * @param out receives {@code [x.count(), w.rows()]} token-major; only the given rows are written
     * @param rowFrom first row
     * @param rowTo end row, exclusive
     * @throws QuantizationException if {@code w} was laid out for another width, the shapes do not fit or the row
     *     range is outside the matrix
     */
    public static void multiply(TernaryMatrix w, Int8Activations x, int[] out, int rowFrom, int rowTo) {
        checkLanes(w);
        KernelChecks.shapes(w, x, out);
        KernelChecks.rows(w, rowFrom, rowTo);
        int n = x.count();
        if (n == 1) {
            dot1(w, x, out, rowFrom, rowTo);
            return;
        }
        for (int r0 = rowFrom; r0 < rowTo; r0 += ROW_TILE) {
            int r1 = Math.min(rowTo, r0 + ROW_TILE);
            int t = 0;
            for (; t + 4 <= n; t += 4) {
                dot4(w, x, t, out, r0, r1);
            }
            for (; t < n; t++) {
                dotTail(w, x, t, out, r0, r1);
            }
        }
    }

    static void checkLanes(TernaryMatrix w) {
        if (w.lanes() != S.length()) {
            throw new QuantizationException("the matrix is laid out for " + w.lanes() + " lanes but the vector kernel"
                    + " uses " + S.length() + "; build it with TernaryMatrix.of(weights) or lanes()");
        }
    }

    private static void dot1(TernaryMatrix w, Int8Activations x, int[] out, int rowFrom, int rowTo) {
        short[] codes = w.codes();
        short[] xs = x.telescoped();
        int lanes = S.length();
        int blocks = w.blocks();
        int sum = x.sum(0);
        for (int r = rowFrom; r < rowTo; r++) {
            int base = r * blocks * lanes;
            IntVector total = IntVector.zero(I);
            for (int b0 = 0; b0 < blocks; b0 += FLUSH_BLOCKS) {
                int bEnd = Math.min(blocks, b0 + FLUSH_BLOCKS);
                ShortVector acc0 = ShortVector.zero(S);
                ShortVector acc1 = ShortVector.zero(S);
                for (int b = b0; b < bEnd; b++) {
                    ShortVector p = ShortVector.fromArray(S, codes, base + b * lanes);
                    int xo = b * 8 * lanes;
                    acc0 = acc0.add(p.mul(ShortVector.fromArray(S, xs, xo)));
                    acc1 = acc1.add(shr(p, 1).mul(ShortVector.fromArray(S, xs, xo + lanes)));
                    acc0 = acc0.add(shr(p, 2).mul(ShortVector.fromArray(S, xs, xo + 2 * lanes)));
                    acc1 = acc1.add(shr(p, 3).mul(ShortVector.fromArray(S, xs, xo + 3 * lanes)));
                    acc0 = acc0.add(shr(p, 4).mul(ShortVector.fromArray(S, xs, xo + 4 * lanes)));
                    acc1 = acc1.add(shr(p, 5).mul(ShortVector.fromArray(S, xs, xo + 5 * lanes)));
                    acc0 = acc0.add(shr(p, 6).mul(ShortVector.fromArray(S, xs, xo + 6 * lanes)));
                    acc1 = acc1.add(shr(p, 7).mul(ShortVector.fromArray(S, xs, xo + 7 * lanes)));
                }
                // Wrapping adds are exact here: the true lane sum of 16 blocks lies in [-32768, 32512].
                total = total.add(widen(acc0.add(acc1)));
            }
            out[r] = total.reduceLanes(VectorOperators.ADD) - sum;
        }
    }

    private static void dot4(TernaryMatrix w, Int8Activations x, int t, int[] out, int rowFrom, int rowTo) {
        short[] codes = w.codes();
        short[] xs = x.telescoped();
        int lanes = S.length();
        int blocks = w.blocks();
        int stride = x.stride();
        int x0 = t * stride;
        int rows = w.rows();
        for (int r = rowFrom; r < rowTo; r++) {
            int base = r * blocks * lanes;
            IntVector t0 = IntVector.zero(I);
            IntVector t1 = IntVector.zero(I);
            IntVector t2 = IntVector.zero(I);
            IntVector t3 = IntVector.zero(I);
            for (int b0 = 0; b0 < blocks; b0 += FLUSH_BLOCKS) {
                int bEnd = Math.min(blocks, b0 + FLUSH_BLOCKS);
                ShortVector a0 = ShortVector.zero(S);
                ShortVector a1 = ShortVector.zero(S);
                ShortVector a2 = ShortVector.zero(S);
                ShortVector a3 = ShortVector.zero(S);
                for (int b = b0; b < bEnd; b++) {
                    ShortVector p = ShortVector.fromArray(S, codes, base + b * lanes);
                    int o = x0 + b * 8 * lanes;
                    for (int g = 0; g < 8; g++, o += lanes) {
                        ShortVector c = shr(p, g);
                        a0 = a0.add(c.mul(ShortVector.fromArray(S, xs, o)));
                        a1 = a1.add(c.mul(ShortVector.fromArray(S, xs, o + stride)));
                        a2 = a2.add(c.mul(ShortVector.fromArray(S, xs, o + 2 * stride)));
                        a3 = a3.add(c.mul(ShortVector.fromArray(S, xs, o + 3 * stride)));
                    }
                }
                t0 = t0.add(widen(a0));
                t1 = t1.add(widen(a1));
                t2 = t2.add(widen(a2));
                t3 = t3.add(widen(a3));
            }
            out[t * rows + r] = t0.reduceLanes(VectorOperators.ADD) - x.sum(t);
            out[(t + 1) * rows + r] = t1.reduceLanes(VectorOperators.ADD) - x.sum(t + 1);
            out[(t + 2) * rows + r] = t2.reduceLanes(VectorOperators.ADD) - x.sum(t + 2);
            out[(t + 3) * rows + r] = t3.reduceLanes(VectorOperators.ADD) - x.sum(t + 3);
        }
    }

    private static void dotTail(TernaryMatrix w, Int8Activations x, int t, int[] out, int rowFrom, int rowTo) {
        short[] codes = w.codes();
        short[] xs = x.telescoped();
        int lanes = S.length();
        int blocks = w.blocks();
        int x0 = t * x.stride();
        for (int r = rowFrom; r < rowTo; r++) {
            int base = r * blocks * lanes;
            IntVector total = IntVector.zero(I);
            for (int b0 = 0; b0 < blocks; b0 += FLUSH_BLOCKS) {
                int bEnd = Math.min(blocks, b0 + FLUSH_BLOCKS);
                ShortVector acc = ShortVector.zero(S);
                for (int b = b0; b < bEnd; b++) {
                    ShortVector p = ShortVector.fromArray(S, codes, base + b * lanes);
                    int o = x0 + b * 8 * lanes;
                    for (int g = 0; g < 8; g++, o += lanes) {
                        acc = acc.add(shr(p, g).mul(ShortVector.fromArray(S, xs, o)));
                    }
                }
                total = total.add(widen(acc));
            }
            out[t * w.rows() + r] = total.reduceLanes(VectorOperators.ADD) - x.sum(t);
        }
    }

    /** {@code p >>> 2g}: code field {@code g} plus four times the fields above it, which x' cancels. */
    private static ShortVector shr(ShortVector p, int g) {
        return g == 0 ? p : p.lanewise(VectorOperators.LSHR, 2 * g);
    }

    /** Sums adjacent 16-bit lanes into 32-bit lanes without a cross-lane conversion: low half plus high half. */
    private static IntVector widen(ShortVector v) {
        IntVector i = v.reinterpretAsInts();
        return i.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16)
                .add(i.lanewise(VectorOperators.ASHR, 16));
    }
}
