package bitnet.backend.metal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import bitnet.api.quant.QuantizationException;
import bitnet.api.quant.ScaleGranularity;
import bitnet.quant.TernaryQuantizer;
import bitnet.quant.TernaryWeights;

/**
 * The host side of GPU ternary quantization against bitnet.quant's TernaryQuantizer: the scales must be the same
 * floats, and the parameters must send every weight to its own group's divisor. The last test applies the
 * kernel's formula in Java to those divisors; it checks the host-computed inputs, not the shader.
 */
class TernaryQuantizePlanTest {

    private static float[] weights(int n, long seed) {
        Random r = new Random(seed);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) r.nextGaussian() * 0.05f;
        }
        return w;
    }

    @ParameterizedTest
    @CsvSource({"PER_TENSOR, 1, 1, 1", "PER_TENSOR, 7, 13, 1", "PER_CHANNEL, 7, 13, 1", "PER_CHANNEL, 1, 1, 1",
        "PER_GROUP, 5, 13, 4", "PER_GROUP, 3, 8, 8", "PER_GROUP, 3, 8, 100", "PER_GROUP, 2, 9, 1"})
    void scalesEqualTheJavaQuantizerAndEveryWeightFindsItsGroup(ScaleGranularity g, int rows, int cols, int group) {
        float[] w = weights(rows * cols, 31L * rows + cols);
        TernaryWeights ref = TernaryQuantizer.quantize(w, rows, cols, g, group);
        TernaryQuantizePlan plan = TernaryQuantizePlan.of(w, rows, cols, g, group, 1024);
        assertArrayEquals(ref.gammas(), plan.gammas());
        ByteBuffer p = ByteBuffer.wrap(plan.params()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(rows * cols, p.getInt(0));
        for (int i = 0; i < w.length; i++) {
            int gi = TernaryQuantizePlan.groupIndex(i, p.getInt(4), p.getInt(8), p.getInt(12));
            assertEquals(ref.gamma(i / cols, i % cols), plan.gammas()[gi], "weight " + i);
            assertEquals(plan.gammas()[gi] + TernaryQuantizer.EPS, plan.divisors()[gi]);
        }
        assertEquals(Launch.ternaryQuantize(rows * cols, 1024), plan.launch());
    }

    @Test
    void theKernelFormulaOverTheseDivisorsGivesTheJavaTrits() {
        int rows = 9;
        int cols = 37;
        float[] w = weights(rows * cols, 5);
        w[3] = 0;
        TernaryWeights ref = TernaryQuantizer.quantize(w, rows, cols, ScaleGranularity.PER_CHANNEL, cols);
        TernaryQuantizePlan plan = TernaryQuantizePlan.of(w, rows, cols, ScaleGranularity.PER_CHANNEL, cols, 256);
        ByteBuffer p = ByteBuffer.wrap(plan.params()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < w.length; i++) {
            float d = plan.divisors()[TernaryQuantizePlan.groupIndex(i, p.getInt(4), p.getInt(8), p.getInt(12))];
            float q = Math.max(-1f, Math.min(1f, (float) Math.rint(w[i] / d)));
            assertEquals(ref.trits()[i], (byte) q, "weight " + i);
        }
    }

    @Test
    void badInputIsAQuantizationError() {
        assertThrows(QuantizationException.class, () -> TernaryQuantizePlan.of(new float[3], 2, 2,
                ScaleGranularity.PER_TENSOR, 1, 256));
        assertThrows(QuantizationException.class, () -> TernaryQuantizePlan.of(new float[] {1, Float.NaN}, 1, 2,
                ScaleGranularity.PER_TENSOR, 1, 256));
        assertThrows(QuantizationException.class, () -> TernaryQuantizePlan.of(new float[4], 2, 2,
                ScaleGranularity.PER_GROUP, 0, 256));
    }
}
