package bitnet.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import bitnet.api.quant.QuantMode;
import bitnet.api.quant.QuantScheme;
import bitnet.api.quant.ScaleGranularity;
import bitnet.testsupport.QuantGolden;

/**
 * Every quantizer of the library against NumPy's evaluation of its documented formula (quant_golden.txt, from
 * src/test/python/gen_quant_golden.py): codes, scales, zero points and dequantized values bit for bit, on seeded
 * data and on hand-picked ties at .5, clamp edges and all-zero or tiny groups, in dynamic and static mode. Empty
 * inputs are left to the tensor-level tests (the library's arrays carry no row count for them).
 */
class QuantGoldenTest {
    static List<QuantGolden> cases() {
        return QuantGolden.all().stream().filter(g -> g.x().length > 0).toList();
    }

    @Test
    void theGoldenFileCoversEverySchemeModeAndTheEdgeCases() {
        List<QuantGolden> all = QuantGolden.all();
        for (QuantScheme s : QuantScheme.values()) {
            assertTrue(all.stream().anyMatch(g -> g.spec().scheme() == s), s + " has golden cases");
        }
        assertTrue(cases().size() >= 70, "non-empty golden cases: " + cases().size());
        assertEquals(6, all.stream().filter(g -> g.mode() == QuantMode.STATIC).count());
        // The hand-picked ties are really ties: the file must show half-to-even results where half-up differs.
        assertArrayEquals(new float[] {127, 0, 2, 2, 0, -2, -127, 126},
                Arrays.copyOf(QuantGolden.named("int8_token_ties").values(), 8));
        assertArrayEquals(new float[] {0, 0}, Arrays.copyOf(QuantGolden.named("ternary_tensor_ties").values(), 2),
                "w / (gamma + eps) = +-0.5 exactly rounds to 0");
        assertArrayEquals(new int[] {-28}, QuantGolden.named("int8_asym_tensor_ties").zeroPoints(),
                "zp = rint(-27.5) = -28");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void libraryMatchesNumpy(QuantGolden g) {
        switch (g.spec().scheme()) {
            case TERNARY_ABSMEAN -> ternary(g);
            case INT8_ABSMAX -> perToken(g);
            case INT8_SYMMETRIC, INT8_ASYMMETRIC -> int8(g);
            case INT4_GROUP -> int4(g);
            case FP16 -> {
                float[] h = HalfPrecision.fromFp16(HalfPrecision.toFp16(g.x()));
                assertArrayEquals(g.values(), h, g.name());
            }
            case BF16 -> {
                float[] b = HalfPrecision.fromBf16(HalfPrecision.toBf16(g.x()));
                assertArrayEquals(g.values(), b, g.name());
            }
        }
    }

    private static float[] asFloats(byte[] b) {
        float[] f = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            f[i] = b[i];
        }
        return f;
    }

    /** [from, to) of each scale group, in scale order: the tensor, each row, or groups of a row. */
    private static int[][] groups(QuantGolden g) {
        int rows = g.rows();
        int cols = g.cols();
        return switch (g.spec().granularity()) {
            case PER_TENSOR -> new int[][] {{0, g.x().length}};
            case PER_CHANNEL -> {
                int[][] r = new int[rows][];
                for (int i = 0; i < rows; i++) {
                    r[i] = new int[] {i * cols, (i + 1) * cols};
                }
                yield r;
            }
            case PER_GROUP -> {
                int size = g.spec().groupSize();
                int per = (cols + size - 1) / size;
                int[][] r = new int[rows * per][];
                for (int i = 0; i < rows; i++) {
                    for (int k = 0; k < per; k++) {
                        r[i * per + k] = new int[] {i * cols + k * size, Math.min(i * cols + (k + 1) * size,
                                (i + 1) * cols)};
                    }
                }
                yield r;
            }
        };
    }

    private static void ternary(QuantGolden g) {
        int rows = g.rows();
        int cols = g.cols();
        if (g.mode() == QuantMode.DYNAMIC) {
            ScaleGranularity gr = g.spec().granularity();
            TernaryWeights q = TernaryQuantizer.quantize(g.x(), rows, cols, gr,
                    gr == ScaleGranularity.PER_GROUP ? g.spec().groupSize() : cols);
            assertArrayEquals(g.values(), asFloats(q.trits()), g.name() + " trits");
            assertArrayEquals(g.scales(), q.gammas(), g.name() + " gammas");
            assertArrayEquals(g.dequantized(), TernaryQuantizer.dequantize(q), g.name() + " dequantized");
        } else {
            byte[] trits = new byte[g.x().length];
            int[][] groups = groups(g);
            for (int k = 0; k < groups.length; k++) {
                TernaryQuantizer.quantizeWith(g.x(), groups[k][0], groups[k][1], g.scales()[k], trits);
            }
            assertArrayEquals(g.values(), asFloats(trits), g.name() + " static trits");
        }
        int[][] groups = groups(g);
        for (int k = 0; k < groups.length; k++) {
            assertEquals(g.divisors()[k], g.scales()[k] + TernaryQuantizer.EPS, g.name() + " divisor " + k);
        }
    }

    private static void perToken(QuantGolden g) {
        int rows = g.rows();
        int cols = g.cols();
        byte[] q = new byte[g.x().length];
        float[] s = g.mode() == QuantMode.STATIC ? g.scales() : new float[rows];
        if (g.mode() == QuantMode.DYNAMIC) {
            ActivationQuantizer.quantize(g.x(), rows, cols, q, s);
            byte[] qv = new byte[q.length];
            float[] sv = new float[rows];
            ActivationQuantizerVector.quantize(g.x(), rows, cols, qv, sv);
            assertArrayEquals(g.values(), asFloats(qv), g.name() + " vector codes");
            assertArrayEquals(g.scales(), sv, g.name() + " vector scales");
        } else {
            ActivationQuantizer.quantizeWith(g.x(), rows, cols, s, q);
        }
        assertArrayEquals(g.values(), asFloats(q), g.name() + " codes");
        assertArrayEquals(g.scales(), s, g.name() + " scales");
        assertArrayEquals(g.dequantized(), ActivationQuantizer.dequantize(q, s, rows, cols), g.name() + " dequantized");
    }

    private static void int8(QuantGolden g) {
        boolean symmetric = g.spec().scheme() == QuantScheme.INT8_SYMMETRIC;
        int[][] groups = groups(g);
        float[] codes = new float[g.x().length];
        float[] deq = new float[g.x().length];
        float[] scales = new float[groups.length];
        int[] zps = new int[groups.length];
        for (int k = 0; k < groups.length; k++) {
            float[] part = Arrays.copyOfRange(g.x(), groups[k][0], groups[k][1]);
            byte[] q = new byte[part.length];
            Int8Params p;
            if (g.mode() == QuantMode.DYNAMIC) {
                p = Int8Quantizer.quantizeDynamic(part, symmetric, q);
            } else {
                p = new Int8Params(g.scales()[k], symmetric ? 0 : g.zeroPoints()[k], symmetric);
                Int8Quantizer.quantize(part, p, q);
            }
            scales[k] = p.scale();
            zps[k] = p.zeroPoint();
            System.arraycopy(asFloats(q), 0, codes, groups[k][0], q.length);
            System.arraycopy(Int8Quantizer.dequantize(q, p), 0, deq, groups[k][0], q.length);
        }
        assertArrayEquals(g.values(), codes, g.name() + " codes");
        assertArrayEquals(g.scales(), scales, g.name() + " scales");
        assertArrayEquals(symmetric ? new int[groups.length] : g.zeroPoints(), zps, g.name() + " zero points");
        assertArrayEquals(g.dequantized(), deq, g.name() + " dequantized");
    }

    private static void int4(QuantGolden g) {
        int rows = g.rows();
        int cols = g.cols();
        int size = g.spec().groupSize();
        int per = (cols + size - 1) / size;
        float[] codes = new float[g.x().length];
        float[] deq = new float[g.x().length];
        float[] scales = new float[rows * per];
        for (int r = 0; r < rows; r++) {
            float[] row = Arrays.copyOfRange(g.x(), r * cols, (r + 1) * cols);
            Int4Weights w = g.mode() == QuantMode.DYNAMIC ? Int4Quantizer.quantize(row, size)
                    : Int4Quantizer.quantize(row, Arrays.copyOfRange(g.scales(), r * per, (r + 1) * per), size);
            for (int c = 0; c < cols; c++) {
                codes[r * cols + c] = w.code(c);
            }
            System.arraycopy(w.scales(), 0, scales, r * per, per);
            System.arraycopy(Int4Quantizer.dequantize(w), 0, deq, r * cols, cols);
        }
        assertArrayEquals(g.values(), codes, g.name() + " codes");
        assertArrayEquals(g.scales(), scales, g.name() + " scales");
        assertArrayEquals(g.dequantized(), deq, g.name() + " dequantized");
    }
}
