package bitnet.quant.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;

import org.junit.jupiter.api.Test;

import bitnet.api.quant.PackedTernary;
import bitnet.api.quant.PackingStrategy;
import bitnet.api.quant.QuantizationException;
import bitnet.api.quant.ScaleGranularity;
import bitnet.quant.TernaryQuantizer;
import bitnet.quant.TernaryWeights;
import bitnet.quant.pack.Codecs;

class BitLinearTest {
    /** Relative RMS error allowed against the float reference: the int8 activation error, about 1 %. */
    static final double RMS_TOLERANCE = 0.015;

    @Test
    void handComputedForward() {
        // W = [[2, -2, 0], [1, 1, 1]] -> gamma = 7/6, W_q = [[1, -1, 0], [1, 1, 1]]
        // x = [1, -0.5, 0.25] -> s = 127, x_q = [127, -64 (tie to even), 32]
        BitLinear layer = BitLinear.quantize(new float[] {2, -2, 0, 1, 1, 1}, 2, 3, ScaleGranularity.PER_TENSOR,
                new float[] {0.5f, -1f});
        float[] y = new float[2];
        layer.forward(new float[] {1f, -0.5f, 0.25f}, 1, y, null, 1);
        float gamma = 7f / 6f;
        assertEquals(191 * gamma / 127f + 0.5f, y[0], 1e-5f);
        assertEquals(95 * gamma / 127f - 1f, y[1], 1e-5f);
    }

    @Test
    void seededGaussianLayerIsWithinTheInt8ActivationErrorOfFloat() {
        Random rnd = new Random(21);
        int out = 96;
        int in = 333;
        int tokens = 7;
        float[] w = gaussian(rnd, out * in, 0.05);
        float[] x = gaussian(rnd, tokens * in, 1.0);
        float[] bias = gaussian(rnd, out, 0.1);
        try (ForkJoinPool pool = new ForkJoinPool(2)) {
            for (ScaleGranularity g : new ScaleGranularity[] {ScaleGranularity.PER_TENSOR, ScaleGranularity.PER_CHANNEL}) {
                TernaryWeights q = TernaryQuantizer.quantize(w, out, in, g, in);
                float[] wDeq = TernaryQuantizer.dequantize(q);
                BitLinear layer = new BitLinear(TernaryMatrix.of(q), bias);
                float[] y = new float[tokens * out];
                layer.forward(x, tokens, y, pool, 2);
                float[] ys = new float[tokens * out];
                layer.forward(TernaryMatMul.Kernel.SCALAR, x, tokens, ys, pool, 3);
                assertArrayEquals(ys, y, "scalar and vector integer sums are identical, so are the floats");
                double err = 0;
                double ref = 0;
                for (int t = 0; t < tokens; t++) {
                    for (int r = 0; r < out; r++) {
                        double expected = bias[r];
                        for (int k = 0; k < in; k++) {
                            expected += (double) wDeq[r * in + k] * x[t * in + k];
                        }
                        double d = y[t * out + r] - expected;
                        err += d * d;
                        ref += (expected - bias[r]) * (expected - bias[r]);
                    }
                }
                double rms = Math.sqrt(err / ref);
                assertTrue(rms < RMS_TOLERANCE, g + ": relative RMS error " + rms);
                assertTrue(rms > 1e-4, "the int8 activations must cost some error, got " + rms);
            }
        }
    }

    @Test
    void weightsFromAnyStorageStrategyGiveTheSameLayer() {
        Random rnd = new Random(8);
        TernaryWeights q = TernaryQuantizer.quantize(gaussian(rnd, 20 * 50, 1), 20, 50);
        float[] x = gaussian(rnd, 50, 1);
        float[] expected = new float[20];
        new BitLinear(TernaryMatrix.of(q), null).forward(x, 1, expected, null, 1);
        for (PackingStrategy s : PackingStrategy.values()) {
            PackedTernary packed = Codecs.of(s).pack(q.trits());
            float[] y = new float[20];
            new BitLinear(TernaryMatrix.of(packed, 20, 50, q.gammas()), null).forward(x, 1, y, null, 1);
            assertArrayEquals(expected, y, s.toString());
        }
    }

    @Test
    void emptyBatchAndBadInput() {
        BitLinear layer = BitLinear.quantize(new float[6], 2, 3, ScaleGranularity.PER_CHANNEL, null);
        layer.forward(new float[0], 0, new float[0], null, 1);
        float[] y = {9f, 9f};
        layer.forward(new float[] {1, 2, 3}, 1, y, null, 1);
        assertArrayEquals(new float[2], y);
        assertThrows(QuantizationException.class,
                () -> BitLinear.quantize(new float[6], 2, 3, ScaleGranularity.PER_GROUP, null));
        assertThrows(QuantizationException.class, () -> new BitLinear(layer.weights(), new float[3]));
        assertThrows(QuantizationException.class, () -> layer.forward(new float[4], 1, new float[2], null, 1));
        assertThrows(QuantizationException.class, () -> layer.forward(new float[3], 1, new float[1], null, 1));
        assertThrows(QuantizationException.class, () -> layer.forward(new float[] {Float.NaN, 0, 0}, 1, y, null, 1));
    }

    static float[] gaussian(Random rnd, int n, double sigma) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextGaussian() * sigma);
        }
        return v;
    }
}
