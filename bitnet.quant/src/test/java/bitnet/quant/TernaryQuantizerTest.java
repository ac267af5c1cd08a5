package bitnet.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;

import bitnet.api.quant.QuantizationException;
import bitnet.api.quant.ScaleGranularity;

class TernaryQuantizerTest {
    @Test
    void perTensorHandComputed() {
        // mean|W| = (0.5 + 1.5 + 0 + 2) / 4 = 1; W / (1 + 1e-5) rounds to 0, -1, 0, 2 and clips to 1.
        TernaryWeights q = TernaryQuantizer.quantize(new float[] {0.5f, -1.5f, 0f, 2f}, 2, 2);
        assertArrayEquals(new byte[] {0, -1, 0, 1}, q.trits());
        assertArrayEquals(new float[] {1f}, q.gammas());
        assertArrayEquals(new float[] {0f, -1f, 0f, 1f}, TernaryQuantizer.dequantize(q));
    }

    @Test
    void perChannelAndPerGroupWithAShortLastGroup() {
        float[] w = {3f, -3f, 0.1f, 1f, 1f, /* row 1 */ -0.2f, 0.2f, 0.2f, 0.2f, 4f};
        TernaryWeights rows = TernaryQuantizer.quantize(w, 2, 5, ScaleGranularity.PER_CHANNEL, 0);
        // row 0: gamma = 8.1 / 5 = 1.62 -> 1.85, -1.85, 0.06, 0.62, 0.62; row 1: gamma = 4.8 / 5 = 0.96
        assertArrayEquals(new float[] {1.62f, 0.96f}, rows.gammas(), 1e-6f);
        assertArrayEquals(new byte[] {1, -1, 0, 1, 1, 0, 0, 0, 0, 1}, rows.trits());
        TernaryWeights groups = TernaryQuantizer.quantize(w, 2, 5, ScaleGranularity.PER_GROUP, 2);
        // groups per row: [0,2) [2,4) [4,5)
        assertEquals(6, groups.gammas().length);
        assertArrayEquals(new float[] {3f, 0.55f, 1f, 0.2f, 0.2f, 4f}, groups.gammas(), 1e-6f);
        assertArrayEquals(new byte[] {1, -1, 0, 1, 1, -1, 1, 1, 1, 1}, groups.trits());
        assertEquals(4f, groups.gamma(1, 4));
        assertEquals(0.55f, groups.gamma(0, 3), 1e-6f);
    }

    @Test
    void aboutAThirdOfGaussianWeightsBecomeZero() {
        // Codes on seeded data are checked against NumPy in QuantGoldenTest; this is the paper's statistic:
        // |z| < 0.5 * mean|z| = 0.5 * sqrt(2 / pi) sigma = 0.40 sigma holds for P(|z| < 0.40) = 31 % of N(0, 1).
        Random rnd = new Random(11);
        float[] w = new float[37 * 101];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (rnd.nextGaussian() * 0.02);
        }
        TernaryWeights t = TernaryQuantizer.quantize(w, 37, 101);
        int zeros = 0;
        for (byte b : t.trits()) {
            zeros += b == 0 ? 1 : 0;
        }
        assertEquals(0.31, zeros / (double) w.length, 0.03);
    }

    @Test
    void edgeSizesAndAllZeros() {
        assertEquals(0, TernaryQuantizer.quantize(new float[0], 0, 0).trits().length);
        TernaryWeights zero = TernaryQuantizer.quantize(new float[3], 1, 3);
        assertArrayEquals(new byte[3], zero.trits());
        assertEquals(0f, zero.gammas()[0]);
        assertArrayEquals(new byte[] {-1}, TernaryQuantizer.quantize(new float[] {-7f}, 1, 1).trits());
    }

    @Test
    void badInput() {
        assertThrows(QuantizationException.class, () -> TernaryQuantizer.quantize(new float[3], 2, 2));
        assertThrows(QuantizationException.class, () -> TernaryQuantizer.quantize(new float[] {Float.NaN}, 1, 1));
        assertThrows(QuantizationException.class,
                () -> TernaryQuantizer.quantize(new float[4], 2, 2, ScaleGranularity.PER_GROUP, 0));
    }
}
