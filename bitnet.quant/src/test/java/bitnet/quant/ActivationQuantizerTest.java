package bitnet.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import bitnet.api.quant.QuantizationException;

class ActivationQuantizerTest {
    @Test
    void handComputedWithTiesToEvenAndAZeroToken() {
        float[] x = {127f, 0.5f, 1.5f, 2.5f, -0.5f, -127f, /* token 1 */ 0f, 0f, 0f, 0f, 0f, 0f};
        byte[] q = new byte[12];
        float[] s = new float[2];
        ActivationQuantizer.quantize(x, 2, 6, q, s);
        assertArrayEquals(new byte[] {127, 0, 2, 2, 0, -127, 0, 0, 0, 0, 0, 0}, q);
        assertEquals(1f, s[0]);
        assertEquals(127f / 1e-5f, s[1], 1f);
    }

    @Test
    void scaleIsPerToken() {
        float[] x = {2f, -1f, 0.5f, -0.25f};
        byte[] q = new byte[4];
        float[] s = new float[2];
        ActivationQuantizer.quantize(x, 2, 2, q, s);
        assertArrayEquals(new float[] {63.5f, 254f}, s);
        // 2 * 63.5 = 127, -63.5 -> -64 (tie to even), 0.5 * 254 = 127, -0.25 * 254 = -63.5 -> -64
        assertArrayEquals(new byte[] {127, -64, 127, -64}, q);
    }

    @Test
    void seededErrorIsWithinHalfAStep() {
        Random rnd = new Random(3);
        int tokens = 5;
        int dim = 777;
        float[] x = new float[tokens * dim];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextGaussian() * (1 + i / dim));
        }
        byte[] q = new byte[x.length];
        float[] s = new float[tokens];
        ActivationQuantizer.quantize(x, tokens, dim, q, s);
        float[] back = ActivationQuantizer.dequantize(q, s, tokens, dim);
        for (int i = 0; i < x.length; i++) {
            assertTrue(Math.abs(x[i] - back[i]) <= 0.5f / s[i / dim] * 1.0001f, "index " + i);
            assertTrue(q[i] > -128, "absmax never reaches -128");
        }
    }

    @Test
    void vectorVersionMatchesTheScalarBitForBit() {
        Random rnd = new Random(17);
        for (int dim : new int[] {0, 1, 3, 7, 8, 15, 16, 17, 31, 33, 64, 65, 255, 2560, 2561}) {
            int tokens = 3;
            float[] x = new float[tokens * dim];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(7) - 3));
            }
            if (dim > 4) {
                x[dim + 2] = 0.5f;
                x[dim + 3] = -2.5f;
            }
            byte[] q = new byte[x.length];
            byte[] qv = new byte[x.length];
            float[] s = new float[tokens];
            float[] sv = new float[tokens];
            ActivationQuantizer.quantize(x, tokens, dim, q, s);
            ActivationQuantizerVector.quantize(x, tokens, dim, qv, sv);
            assertArrayEquals(q, qv, "dim " + dim);
            assertArrayEquals(s, sv, "dim " + dim);
        }
        float[] ties = {127f, 0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 3.5f, 4.5f, -127f, 126.5f, -126.5f, 0f, 5.5f,
            6.5f, 7.5f, 8.5f};
        byte[] q = new byte[ties.length];
        ActivationQuantizerVector.quantize(ties, 1, ties.length, q, new float[1]);
        assertArrayEquals(new byte[] {127, 0, 2, 2, 0, -2, -2, 4, 4, -127, 126, -126, 0, 6, 6, 8, 8}, q);
        assertThrows(QuantizationException.class, () -> ActivationQuantizerVector.quantize(
                new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, Float.NaN}, 1, 17, new byte[17],
                new float[1]));
    }

    @Test
    void badInput() {
        assertThrows(QuantizationException.class,
                () -> ActivationQuantizer.quantize(new float[] {1f, Float.POSITIVE_INFINITY}, 1, 2, new byte[2], new float[1]));
        assertThrows(QuantizationException.class,
                () -> ActivationQuantizer.quantize(new float[4], 1, 4, new byte[3], new float[1]));
        assertThrows(QuantizationException.class,
                () -> ActivationQuantizer.quantize(new float[4], 2, 2, new byte[4], new float[1]));
    }
}
