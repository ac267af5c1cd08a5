package bitnet.backend.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import bitnet.api.backend.OpCall;
import bitnet.api.quant.PackingStrategy;
import bitnet.api.quant.QuantMode;
import bitnet.api.quant.QuantScheme;
import bitnet.api.quant.QuantSpec;
import bitnet.api.quant.QuantizationException;
import bitnet.api.quant.QuantizedTensor;
import bitnet.api.quant.ScaleGranularity;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.ShapeMismatchException;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.UnsupportedDTypeException;
import bitnet.backend.cpu.CpuBackend;
import bitnet.core.dispatch.RankedDispatcher;
import bitnet.core.dispatch.Registration;
import bitnet.core.ops.DispatchingTensorOps;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;
import bitnet.testsupport.QuantGolden;

/**
 * Quantization, dequantization and packing through the dispatcher, on the CPU stack and on SIMD + CPU: both give
 * NumPy's results for the documented formulas (quant_golden.txt, written by
 * bitnet.quant/src/test/python/gen_quant_golden.py) bit for bit, at edge shapes, on ties at .5 and clamp edges, in
 * dynamic and static mode; bad input fails with a typed exception and leaks nothing.
 */
class QuantizationDispatchTest {
    private static final HybridMemoryPool POOL = HybridMemoryPool.withDefaults();
    private static final PooledTensorFactory F = new PooledTensorFactory(POOL);
    private static final SimdBackend SIMD = new SimdBackend(2);
    private static final RankedDispatcher CPU_ONLY = new RankedDispatcher(
            () -> List.of(new Registration(new CpuBackend(), 40, 1)));
    private static final RankedDispatcher BOTH = new RankedDispatcher(
            () -> List.of(new Registration(new CpuBackend(), 40, 1), new Registration(SIMD, 60, 2)));
    private static final DispatchingTensorOps CPU_OPS = new DispatchingTensorOps(CPU_ONLY, F);
    private static final DispatchingTensorOps SIMD_OPS = new DispatchingTensorOps(BOTH, F);

    @AfterAll
    static void stop() throws InterruptedException {
        SIMD.deactivate();
    }

    @AfterEach
    void nothingLeaks() {
        assertEquals(0, POOL.stats().liveBlocks(), "tensors left open");
    }

    static Stream<Arguments> specsAndShapes() {
        List<QuantSpec> specs = List.of(QuantSpec.ternary(),
                QuantSpec.ternary(ScaleGranularity.PER_CHANNEL, 0), QuantSpec.ternary(ScaleGranularity.PER_GROUP, 8),
                QuantSpec.int8PerToken(), QuantSpec.int8Symmetric(false), QuantSpec.int8Symmetric(true),
                QuantSpec.int8Asymmetric(false), QuantSpec.int8Asymmetric(true), QuantSpec.int4(7), QuantSpec.int4(32),
                QuantSpec.fp16(), QuantSpec.bf16());
        List<long[]> shapes = List.of(new long[] {5, 37}, new long[] {3, 2, 33}, new long[] {1}, new long[] {0},
                new long[] {4, 0}, new long[] {}, new long[] {1, 65});
        List<Arguments> out = new ArrayList<>();
        for (QuantSpec s : specs) {
            for (long[] shape : shapes) {
                out.add(Arguments.of(s, shape));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> goldenOnBothStacks() {
        List<Arguments> out = new ArrayList<>();
        for (QuantGolden g : QuantGolden.all()) {
            out.add(Arguments.of(g, "cpu"));
            out.add(Arguments.of(g, "simd+cpu"));
        }
        return out.stream();
    }

    @Test
    void theGoldensCoverEverySpecAndShapeOfTheseTests() {
        for (Arguments a : specsAndShapes().toList()) {
            QuantSpec spec = (QuantSpec) a.get()[0];
            long[] shape = (long[]) a.get()[1];
            assertTrue(QuantGolden.all().stream().anyMatch(g -> g.spec().equals(spec)
                    && java.util.Arrays.equals(g.shape(), shape) && g.mode() == QuantMode.DYNAMIC),
                    spec + " " + java.util.Arrays.toString(shape) + " has a golden case");
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("goldenOnBothStacks")
    void bothStacksGiveNumpysResults(QuantGolden g, String stack) {
        DispatchingTensorOps ops = stack.equals("cpu") ? CPU_OPS : SIMD_OPS;
        QuantSpec spec = g.spec();
        long[] scaleShape = spec.scaleShape(g.shape());
        boolean given = g.mode() == QuantMode.STATIC;
        try (Tensor x = F.of(g.x(), g.shape());
                Tensor s = given ? F.of(g.scales(), scaleShape) : null;
                Tensor z = given && spec.hasZeroPoints() ? F.of(g.zeroPoints(), scaleShape) : null;
                QuantizedTensor q = given ? ops.quantize(x, spec, s, z) : ops.quantize(x, spec)) {
            assertEquals(spec.valueType(), q.values().dtype());
            assertArrayEquals(g.shape(), q.values().shape());
            assertArrayEquals(g.values(), q.values().toFloatArray(), "values");
            if (spec.hasScales()) {
                assertArrayEquals(scaleShape, q.scales().shape());
                assertArrayEquals(g.scales(), q.scales().toFloatArray(), "scales");
            } else {
                assertNull(q.scales());
            }
            if (spec.hasZeroPoints()) {
                float[] zp = new float[g.zeroPoints().length];
                for (int i = 0; i < zp.length; i++) {
                    zp[i] = g.zeroPoints()[i];
                }
                assertArrayEquals(zp, q.zeroPoints().toFloatArray(), "zero points");
            } else {
                assertNull(q.zeroPoints());
            }
            try (Tensor back = ops.dequantize(q)) {
                assertArrayEquals(g.shape(), back.shape());
                assertArrayEquals(g.dequantized(), back.toFloatArray(), "dequantized");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("specsAndShapes")
    void staticModeWithTheDynamicScalesGivesTheSameValues(QuantSpec spec, long[] shape) {
        try (Tensor x = F.randn(DType.F32, 7, shape); QuantizedTensor dyn = CPU_OPS.quantize(x, spec);
                QuantizedTensor st = SIMD_OPS.quantize(x, spec, dyn.scales(), dyn.zeroPoints())) {
            assertArrayEquals(dyn.values().toFloatArray(), st.values().toFloatArray(), 0f);
        }
    }

    @Test
    void staticScalesSaturateValuesOutsideTheCalibratedRange() {
        try (Tensor calib = F.of(new float[] {1f, -1f, 0.5f}, 3); Tensor x = F.of(new float[] {4f, -4f, 0.5f}, 3);
                QuantizedTensor c = CPU_OPS.quantize(calib, QuantSpec.int8Symmetric(false));
                QuantizedTensor q = CPU_OPS.quantize(x, QuantSpec.int8Symmetric(false), c.scales(), null)) {
            assertArrayEquals(new float[] {127, -127, 64}, q.values().toFloatArray(), 0f);
            assertEquals(1f / 127f, q.scales().toFloatArray()[0], 1e-9f);
        }
    }

    @Test
    void dequantizeReadsScalesAndZeroPointsOfAnyDtype() {
        try (Tensor x = F.randn(DType.F32, 11, 3, 17);
                QuantizedTensor q = CPU_OPS.quantize(x, QuantSpec.int8Asymmetric(true));
                Tensor s64 = q.scales().to(DType.F64); Tensor z8 = q.zeroPoints().to(DType.I8);
                Tensor want = CPU_OPS.dequantize(q);
                Tensor got = CPU_OPS.dequantize(new QuantizedTensor(q.spec(), q.values(), s64, z8))) {
            assertArrayEquals(want.toFloatArray(), got.toFloatArray(), 0f);
        }
    }

    @Test
    void floatingInputsOfOtherWidthsAreQuantizedAsF32() {
        try (Tensor x = F.randn(DType.F32, 12, 4, 33); Tensor x64 = x.to(DType.F64);
                QuantizedTensor a = CPU_OPS.quantize(x, QuantSpec.int4(8));
                QuantizedTensor b = SIMD_OPS.quantize(x64, QuantSpec.int4(8))) {
            assertArrayEquals(a.values().toFloatArray(), b.values().toFloatArray(), 0f);
            assertArrayEquals(a.scales().toFloatArray(), b.scales().toFloatArray(), 0f);
        }
    }

    @Test
    void handComputedTernaryPerChannel() {
        // rows: mean|w| = (0.5 + 1 + 0.1 + 0.4) / 4 = 0.5 -> w / 0.50001 = 1, -2 -> -1, 0.2 -> 0, 0.8 -> 1
        try (Tensor w = F.of(new float[] {0.5f, -1f, 0.1f, 0.4f, 3f, 3f, -3f, 0f}, 2, 4);
                QuantizedTensor q = SIMD_OPS.quantize(w, QuantSpec.ternary(ScaleGranularity.PER_CHANNEL, 0))) {
            assertArrayEquals(new float[] {1, -1, 0, 1, 1, 1, -1, 0}, q.values().toFloatArray(), 0f);
            assertArrayEquals(new float[] {0.5f, 2.25f}, q.scales().toFloatArray(), 1e-7f);
        }
    }

    @Test
    void perTokenInt8RunsOnSimdAndTernaryOnCpu() {
        try (Tensor x = F.randn(DType.F32, 1, 4, 64); Tensor values = F.empty(DType.I8, 4, 64);
                Tensor scales = F.empty(DType.F32, 4); Tensor t = F.zeros(DType.TERNARY, 4, 64);
                Tensor g = F.empty(DType.F32)) {
            assertEquals("simd", BOTH.execute(new OpCall.Quantize(QuantSpec.int8PerToken(), QuantMode.DYNAMIC, x,
                    values, scales, null)));
            assertEquals("cpu", BOTH.execute(new OpCall.Quantize(QuantSpec.ternary(), QuantMode.DYNAMIC, x, t, g,
                    null)));
        }
    }

    @ParameterizedTest
    @EnumSource(PackingStrategy.class)
    void everyStrategyRoundTripsThroughTheDispatcher(PackingStrategy strategy) {
        for (long[] shape : List.of(new long[] {7, 131}, new long[] {1}, new long[] {0}, new long[] {3, 1, 1025})) {
            try (Tensor w = F.randn(DType.F32, 3, shape); QuantizedTensor q = CPU_OPS.quantize(w, QuantSpec.ternary());
                    Tensor packed = SIMD_OPS.packTernary(q.values(), strategy);
                    Tensor back = SIMD_OPS.unpackTernary(packed)) {
                assertEquals(DType.I8, packed.dtype());
                assertEquals(DType.TERNARY, back.dtype());
                assertArrayEquals(shape, back.shape());
                assertArrayEquals(q.values().toFloatArray(), back.toFloatArray(), 0f);
            }
        }
    }

    @Test
    void automaticPackingPicksSparseCodingForMostlyZeroWeights() {
        float[] v = new float[10_000];
        for (int i = 0; i < v.length; i += 50) {
            v[i] = i % 100 == 0 ? 1 : -1;
        }
        try (Tensor f = F.of(v, 100, 100); Tensor t = f.to(DType.TERNARY); Tensor auto = CPU_OPS.packTernary(t, null);
                Tensor twoBit = CPU_OPS.packTernary(t, PackingStrategy.BIT_PACKED_2BIT);
                Tensor back = CPU_OPS.unpackTernary(auto)) {
            assertTrue(auto.size() < twoBit.size() / 5, auto.size() + " bytes against " + twoBit.size());
            assertEquals(PackingStrategy.COMPRESSED_SPARSE.ordinal(), (int) auto.getFloat(4));
            assertArrayEquals(v, back.toFloatArray(), 0f);
        }
    }

    @Test
    void corruptOrForeignBytesAreRejected() {
        try (Tensor w = F.randn(DType.F32, 5, 40); Tensor t = w.to(DType.TERNARY);
                Tensor packed = CPU_OPS.packTernary(t, PackingStrategy.BASE3_PACKED);
                Tensor truncated = packed.slice(bitnet.api.tensor.Slice.range(0, packed.size() - 3));
                Tensor foreign = F.of(new byte[] {1, 2, 3, 4, 5, 6}, 6)) {
            assertThrows(QuantizationException.class, () -> CPU_OPS.unpackTernary(truncated));
            QuantizationException e = assertThrows(QuantizationException.class, () -> CPU_OPS.unpackTernary(foreign));
            assertTrue(e.getMessage().contains("BTP"), e.getMessage());
            assertThrows(UnsupportedDTypeException.class, () -> CPU_OPS.packTernary(w, null));
        }
    }

    @Test
    void badInputFailsTypedAndLeavesNothingOpen() {
        try (Tensor x = F.of(new float[] {1f, Float.NaN, 2f}, 3); Tensor i = F.of(new int[] {1, 2}, 2);
                Tensor ok = F.randn(DType.F32, 1, 2, 8); Tensor wrongScales = F.ones(DType.F32, 3)) {
            QuantizationException e = assertThrows(QuantizationException.class,
                    () -> SIMD_OPS.quantize(x, QuantSpec.int8PerToken()));
            assertTrue(e.getMessage().contains("index 1"), e.getMessage());
            assertThrows(QuantizationException.class, () -> CPU_OPS.quantize(x, QuantSpec.ternary()));
            assertThrows(UnsupportedDTypeException.class, () -> CPU_OPS.quantize(i, QuantSpec.ternary()));
            assertThrows(ShapeMismatchException.class,
                    () -> CPU_OPS.quantize(ok, QuantSpec.int8Symmetric(true), wrongScales, null));
            assertThrows(QuantizationException.class,
                    () -> CPU_OPS.quantize(ok, QuantSpec.int8Asymmetric(false), null, null));
            assertThrows(QuantizationException.class,
                    () -> new QuantSpec(QuantScheme.INT4_GROUP, ScaleGranularity.PER_TENSOR, 0));
        }
    }

    @Test
    void bitLinearReusesPreparedWeightsButNeverStaleOnes() {
        int out = 48;
        int in = 96;
        float[] first;
        try (Tensor x = F.randn(DType.F32, 2, 3, in)) {
            try (Tensor w = F.randn(DType.F32, 1, out, in)) {
                List<Tensor> q = SIMD_OPS.quantizeTernary(w, false);
                long misses = SIMD.preparedWeights().misses();
                long hits = SIMD.preparedWeights().hits();
                try (Tensor wq = q.get(0); Tensor g = q.get(1); Tensor y1 = SIMD_OPS.bitLinear(wq, g, x, null);
                        Tensor y2 = SIMD_OPS.bitLinear(wq, g, x, null)) {
                    assertArrayEquals(y1.toFloatArray(), y2.toFloatArray(), 0f);
                    assertEquals(misses + 1, SIMD.preparedWeights().misses(), "the layout is built once");
                    assertEquals(hits + 1, SIMD.preparedWeights().hits(), "and reused on the second call");
                    first = y1.toFloatArray();
                }
            }
            // New weights, very likely in the memory the old ones were returned to: the result must follow them.
            try (Tensor w = F.randn(DType.F32, 99, out, in)) {
                List<Tensor> q = SIMD_OPS.quantizeTernary(w, false);
                try (Tensor wq = q.get(0); Tensor g = q.get(1); Tensor y = SIMD_OPS.bitLinear(wq, g, x, null);
                        Tensor ref = CPU_OPS.bitLinear(wq, g, x, null)) {
                    assertArrayEquals(ref.toFloatArray(), y.toFloatArray(), 1e-5f);
                    assertNotEquals(first[0], y.toFloatArray()[0]);
                }
            }
        }
    }

    @Test
    void namedOperationsTakeInt8FilesForSubByteValues() {
        try (Tensor x = F.randn(DType.F32, 4, 3, 20)) {
            List<Tensor> q = CPU_OPS.invoke("quantize", List.of(x), Map.of("scheme", "int4", "group", "8"));
            try (Tensor values = q.get(0); Tensor scales = q.get(1); Tensor asInt8 = values.to(DType.I8)) {
                assertEquals(DType.I4, values.dtype());
                assertArrayEquals(new long[] {3, 3}, scales.shape());
                List<Tensor> back = CPU_OPS.invoke("dequantize", List.of(asInt8, scales),
                        Map.of("scheme", "int4", "group", "8"));
                try (Tensor b = back.get(0); Tensor direct = CPU_OPS.dequantize(
                        new QuantizedTensor(QuantSpec.int4(8), values, scales, null))) {
                    assertArrayEquals(direct.toFloatArray(), b.toFloatArray(), 0f);
                }
            }
            try (Tensor notTernary = F.of(new byte[] {0, 1, 2}, 3)) {
                QuantizationException e = assertThrows(QuantizationException.class,
                        () -> CPU_OPS.invoke("pack_ternary", List.of(notTernary), Map.of()));
                assertTrue(e.getMessage().contains("element 2"), e.getMessage());
            }
            assertThrows(IllegalArgumentException.class,
                    () -> CPU_OPS.invoke("quantize", List.of(x), Map.of("scheme", "int3")));
        }
    }
}
