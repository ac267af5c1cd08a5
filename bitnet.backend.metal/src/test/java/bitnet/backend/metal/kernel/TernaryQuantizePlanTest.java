package bitnet.backend.metal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import bitnet.api.quant.QuantMode;
import bitnet.api.quant.QuantScheme;
import bitnet.api.quant.QuantizationException;
import bitnet.api.quant.ScaleGranularity;
import bitnet.testsupport.QuantGolden;

/**
 * The host side of GPU ternary quantization against NumPy's absmean (quant_golden.txt, from
 * bitnet.quant/src/test/python/gen_quant_golden.py): the scales and divisors must be the golden floats, and the
 * parameters must send every weight to its own group's divisor. The kernel formula applied in Java to those divisors
 * checks the host-computed inputs, not the shader.
 */
class TernaryQuantizePlanTest {

    static List<QuantGolden> cases() {
        List<QuantGolden> c = QuantGolden.all().stream().filter(g -> g.spec().scheme() == QuantScheme.TERNARY_ABSMEAN
                && g.mode() == QuantMode.DYNAMIC && g.x().length > 0).toList();
        assertTrue(c.size() >= 19, "ternary golden cases: " + c.size());
        return c;
    }

    private static TernaryQuantizePlan plan(QuantGolden g, int maxThreads) {
        return TernaryQuantizePlan.of(g.x(), g.rows(), g.cols(), g.spec().granularity(), g.spec().groupSize(),
                maxThreads);
    }

    /** The scale group of weight i in the documented layout: the tensor, its row, or a group of its row. */
    private static int groupOf(QuantGolden g, int i) {
        int cols = g.cols();
        return switch (g.spec().granularity()) {
            case PER_TENSOR -> 0;
            case PER_CHANNEL -> i / cols;
            case PER_GROUP -> {
                int size = g.spec().groupSize();
                yield (i / cols) * ((cols + size - 1) / size) + (i % cols) / size;
            }
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scalesAndDivisorsAreTheGoldensAndEveryWeightFindsItsGroup(QuantGolden g) {
        TernaryQuantizePlan plan = plan(g, 1024);
        assertArrayEquals(g.scales(), plan.gammas(), "gammas");
        assertArrayEquals(g.divisors(), plan.divisors(), "divisors");
        ByteBuffer p = ByteBuffer.wrap(plan.params()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(g.x().length, p.getInt(0));
        for (int i = 0; i < g.x().length; i++) {
            int gi = TernaryQuantizePlan.groupIndex(i, p.getInt(4), p.getInt(8), p.getInt(12));
            assertEquals(groupOf(g, i), gi, "weight " + i);
        }
        assertEquals(Launch.ternaryQuantize(g.x().length, 1024), plan.launch());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theKernelFormulaOverTheseDivisorsGivesTheGoldenTrits(QuantGolden g) {
        TernaryQuantizePlan plan = plan(g, 256);
        ByteBuffer p = ByteBuffer.wrap(plan.params()).order(ByteOrder.LITTLE_ENDIAN);
        float[] trits = new float[g.x().length];
        for (int i = 0; i < trits.length; i++) {
            float d = plan.divisors()[TernaryQuantizePlan.groupIndex(i, p.getInt(4), p.getInt(8), p.getInt(12))];
            // + 0f: rint(-0.3) is -0.0, and a code is an integer without a sign of zero.
            trits[i] = Math.max(-1f, Math.min(1f, (float) Math.rint(g.x()[i] / d))) + 0f;
        }
        assertArrayEquals(g.values(), trits);
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
