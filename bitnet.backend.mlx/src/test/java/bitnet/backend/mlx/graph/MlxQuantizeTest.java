package bitnet.backend.mlx.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import bitnet.api.backend.OpCall;
import bitnet.api.quant.QuantMode;
import bitnet.api.quant.QuantSpec;
import bitnet.api.quant.ScaleGranularity;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Slice;
import bitnet.api.tensor.Tensor;
import bitnet.backend.mlx.abi.FakeMlx;
import bitnet.backend.mlx.abi.MlxException;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;
import bitnet.testsupport.QuantGolden;

/**
 * Quantization graphs over a fake mlx-c, against NumPy's evaluation of the formulas (quant_golden.txt, written by
 * bitnet.quant/src/test/python/gen_quant_golden.py). What the host computes is compared bit for bit with the
 * golden: the int8 scales from the evaluated row maxima, the ternary gammas and divisors, the narrowing to I8 and
 * the packing of 2-bit codes. The fake evaluates nothing: where the graph's result is needed it hands back the
 * golden's values (the row maxima, the rounded and clipped codes), so these tests check the graph's shape and the
 * host's work around it, not MLX's arithmetic.
 */
class MlxQuantizeTest {
    private static final HybridMemoryPool POOL = HybridMemoryPool.withDefaults();
    private static final PooledTensorFactory F = new PooledTensorFactory(POOL);

    @AfterAll
    static void close() {
        POOL.close();
    }

    private static float[] data(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian() * 0.7f;
        }
        return x;
    }

    private static Tensor values(QuantSpec spec, long... shape) {
        return F.zeros(spec.valueType(), shape);
    }

    private static byte[] bytes(Tensor v) {
        long n = v.dtype() == DType.TERNARY ? DType.TERNARY.byteSize(v.size()) : v.size();
        return v.segment().asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
    }

    private static float[] asFloats(byte[] b) {
        float[] f = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            f[i] = b[i];
        }
        return f;
    }

    /** Decodes the platform's 2-bit layout (01 = +1, 10 = -1, element 0 in the low bits) independently. */
    private static float[] trits(Tensor v) {
        float[] out = new float[(int) v.size()];
        for (int i = 0; i < out.length; i++) {
            int code = (v.segment().get(ValueLayout.JAVA_BYTE, i >>> 2) >>> ((i & 3) * 2)) & 3;
            out[i] = code == 1 ? 1 : code == 2 ? -1 : 0;
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"int8_token_ties", "int8_absmax_per_channel_0_5x37", "int8_absmax_per_channel_0_3x2x33",
        "int8_absmax_per_channel_0_1", "int8_absmax_per_channel_0_scalar", "int8_absmax_per_channel_0_1x65"})
    void int8PerTokenDividesTheScalesOnTheHostAndNarrowsTheRoundedValues(String name) {
        QuantGolden g = QuantGolden.named(name);
        int rows = g.rows();
        int cols = g.cols();
        QuantSpec spec = g.spec();
        FakeMlx nat = new FakeMlx();
        nat.evaluated = entry -> entry.startsWith("mlx_max_axis") ? g.absmax() : g.values();
        try (Tensor x = F.of(g.x(), g.shape()); Tensor v = values(spec, g.shape());
                Tensor s = F.zeros(DType.F32, spec.scaleShape(g.shape()))) {
            OpCall.Quantize call = new OpCall.Quantize(spec, QuantMode.DYNAMIC, x, v, s, null);
            assertTrue(MlxGraph.accepts(call));
            MlxGraph.run(call, nat, 500);
            assertEquals(List.of("1=array[" + rows + "x" + cols + "]:f32", "2=mlx_abs(1)",
                    "3=mlx_max_axis(2,axis=-1,true)", "4=array[" + rows + "x1]:f32", "5=mlx_multiply(1,4)",
                    "6=mlx_round(5,0)", "7=scalar(-128.0)", "8=scalar(127.0)", "9=mlx_clip(6,7,8)"), nat.graph());
            assertTrue(nat.log.indexOf("eval(3)") < nat.log.indexOf("copy(3," + rows + ")"));
            assertTrue(nat.log.indexOf("copy(3," + rows + ")") < nat.log.indexOf("4=array[" + rows + "x1]:f32"),
                    "the maxima are evaluated before the scales are uploaded");
            assertTrue(nat.log.indexOf("eval(9)") < nat.log.indexOf("copy(9," + g.x().length + ")"));
            assertArrayEquals(g.scales(), nat.floatData.get(4L), "uploaded scales 127 / max(m, 1e-5)");
            assertArrayEquals(g.scales(), s.toFloatArray());
            assertArrayEquals(g.values(), asFloats(bytes(v)));
            assertTrue(nat.live.isEmpty(), "every array freed: " + nat.live);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ternary_tensor_ties", "ternary_channel_ties", "ternary_group8_ties", "ternary_group4_even",
        "ternary_absmean_per_tensor_0_5x37", "ternary_absmean_per_tensor_0_3x2x33", "ternary_absmean_per_tensor_0_1",
        "ternary_absmean_per_tensor_0_scalar", "ternary_absmean_per_channel_0_5x37",
        "ternary_absmean_per_channel_0_1x65", "ternary_absmean_per_group_8_1"})
    void ternaryGammasAndDivisorsAreTheGoldensAndTheCodesArePackedInThePlatformLayout(String name) {
        QuantGolden g = QuantGolden.named(name);
        QuantSpec spec = g.spec();
        FakeMlx nat = new FakeMlx();
        nat.evaluated = entry -> g.values();
        try (Tensor x = F.of(g.x(), g.shape()); Tensor v = values(spec, g.shape());
                Tensor s = F.zeros(DType.F32, spec.scaleShape(g.shape()))) {
            OpCall.Quantize call = new OpCall.Quantize(spec, QuantMode.DYNAMIC, x, v, s, null);
            assertTrue(MlxGraph.accepts(call));
            MlxGraph.run(call, nat, 500);
            int groups = g.scales().length;
            int length = g.x().length / groups;
            assertEquals(List.of("1=array[" + groups + "x" + length + "]:f32", "2=array[" + groups + "x1]:f32",
                    "3=mlx_divide(1,2)", "4=mlx_round(3,0)", "5=scalar(-1.0)", "6=scalar(1.0)", "7=mlx_clip(4,5,6)"),
                    nat.graph());
            assertArrayEquals(g.divisors(), nat.floatData.get(2L), "divisors = gamma + 1e-5 in float");
            assertArrayEquals(g.scales(), s.toFloatArray(), "scales are the gammas mean|w|, bit for bit");
            assertArrayEquals(g.values(), trits(v), "codes packed four to a byte");
            assertTrue(nat.live.isEmpty());
        }
    }

    @Test
    void packingKeepsTheCodesOfOtherElementsInSharedBytes() {
        byte[] ones = new byte[8];
        java.util.Arrays.fill(ones, (byte) 1);
        try (Tensor t = F.of(ones, 8); Tensor all = t.to(DType.TERNARY); Tensor view = all.slice(Slice.range(1, 4))) {
            MlxQuantize.writeTrits(view, new float[] {-1, 0, -1});
            assertArrayEquals(new float[] {1, -1, 0, -1, 1, 1, 1, 1}, trits(all));
        }
    }

    @Test
    void otherSchemesStaticScalesEmptyInputsAndUnevenGroupsAreDeclined() {
        try (Tensor x = F.of(data(26, 2), 2, 13); Tensor empty = F.zeros(DType.F32, 2, 0);
                Tensor xt = F.of(data(26, 3), 13, 2); Tensor strided = xt.transpose(0, 1)) {
            for (QuantSpec spec : List.of(QuantSpec.int8Symmetric(true), QuantSpec.int8Asymmetric(true),
                    QuantSpec.int4(13), QuantSpec.fp16(), QuantSpec.bf16(), QuantSpec.ternary(ScaleGranularity.PER_GROUP,
                            4))) {
                try (Tensor v = values(spec, 2, 13); Tensor s = F.zeros(DType.F32, spec.scaleShape(x.shape()))) {
                    assertFalse(MlxGraph.accepts(new OpCall.Quantize(spec, QuantMode.DYNAMIC, x, v, s, null)),
                            spec.toString());
                }
            }
            for (QuantSpec spec : List.of(QuantSpec.ternary(), QuantSpec.int8PerToken())) {
                try (Tensor v = values(spec, 2, 13); Tensor s = F.zeros(DType.F32, spec.scaleShape(x.shape()));
                        Tensor v0 = values(spec, 2, 0)) {
                    assertTrue(MlxGraph.accepts(new OpCall.Quantize(spec, QuantMode.DYNAMIC, x, v, s, null)));
                    assertFalse(MlxGraph.accepts(new OpCall.Quantize(spec, QuantMode.STATIC, x, v, s, null)));
                    assertFalse(MlxGraph.accepts(new OpCall.Quantize(spec, QuantMode.DYNAMIC, strided, v, s, null)),
                            "non-contiguous input");
                    assertFalse(MlxGraph.accepts(new OpCall.Quantize(spec, QuantMode.DYNAMIC, empty, v0, s, null)));
                }
            }
        }
    }

    @Test
    void aFailedEvaluationLeavesValuesAndScalesAndFreesEverything() {
        FakeMlx nat = new FakeMlx();
        nat.failEvalWith = new MlxException("mlx: mlx_array_eval failed (status 1): boom");
        QuantSpec spec = QuantSpec.int8PerToken();
        try (Tensor x = F.of(data(6, 4), 2, 3); Tensor v = values(spec, 2, 3); Tensor s = F.zeros(DType.F32, 2)) {
            assertThrows(MlxException.class, () -> MlxGraph.run(new OpCall.Quantize(spec, QuantMode.DYNAMIC, x, v,
                    s, null), nat, 500));
            assertArrayEquals(new byte[6], bytes(v));
            assertArrayEquals(new float[2], s.toFloatArray());
            assertTrue(nat.live.isEmpty());
        }
    }
}
