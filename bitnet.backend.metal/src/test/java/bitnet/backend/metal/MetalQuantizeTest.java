package bitnet.backend.metal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
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
import bitnet.api.quant.QuantizationException;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Slice;
import bitnet.api.tensor.Tensor;
import bitnet.backend.metal.abi.FakeMetal;
import bitnet.backend.metal.kernel.KernelCatalog;
import bitnet.backend.metal.kernel.Launch;
import bitnet.backend.metal.kernel.ParamBlocks;
import bitnet.backend.natives.NativeLibraryLocator;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;
import bitnet.testsupport.QuantGolden;

/**
 * OpCall.Quantize on the Metal backend over a fake native library, against NumPy's evaluation of the formulas
 * (quant_golden.txt, written by bitnet.quant/src/test/python/gen_quant_golden.py). What the host computes is
 * compared bit for bit with the golden: the ternary gammas (the scales) and the divisors staged for the kernel; and
 * the parameter blocks, grids and where every result lands. The fake runs no shader: where a test needs kernel
 * output it writes markers, or the golden's codes in the kernel's layout (said where it does); none of this proves
 * the Metal code itself.
 */
class MetalQuantizeTest {
    private static final HybridMemoryPool POOL = HybridMemoryPool.withDefaults();
    private static final PooledTensorFactory F = new PooledTensorFactory(POOL);

    @AfterAll
    static void close() {
        POOL.close();
    }

    private static MetalBackend withFake(FakeMetal nat, long minElements) {
        return new MetalBackend(MetalBackendTest.config(minElements), () -> MetalStartup.open(nat, null, 0,
                new NativeLibraryLocator.Missing("no metallib in this test")), null);
    }

    private static float[] data(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian() * 0.7f;
        }
        return x;
    }

    private record Outputs(Tensor values, Tensor scales) implements AutoCloseable {
        static Outputs of(QuantSpec spec, long... shape) {
            Tensor v = spec.valueType() == DType.TERNARY ? F.zeros(DType.TERNARY, shape) : F.zeros(DType.I8, shape);
            return new Outputs(v, F.zeros(DType.F32, spec.scaleShape(shape)));
        }

        OpCall.Quantize call(QuantSpec spec, Tensor x) {
            return new OpCall.Quantize(spec, QuantMode.DYNAMIC, x, values, scales, null);
        }

        byte[] bytes() {
            long n = values.dtype() == DType.TERNARY ? DType.TERNARY.byteSize(values.size()) : values.size();
            return values.segment().asSlice(values.offset() * values.dtype().bitsPerElement() / 8, n)
                    .toArray(ValueLayout.JAVA_BYTE);
        }

        @Override
        public void close() {
            values.close();
            scales.close();
        }
    }

    @Test
    void int8PerTokenLaunchesTheActivationKernelAndCopiesValuesAndScalesToTheirTensors()
            throws InterruptedException {
        FakeMetal nat = new FakeMetal();
        // Markers where the shader would write: value i = i % 100 - 50, scale t = t + 0.5.
        nat.onDispatch = d -> {
            MemorySegment xq = nat.memory(d.bindings().get(1));
            for (int i = 0; i < 3 * 37; i++) {
                xq.set(ValueLayout.JAVA_BYTE, i, (byte) (i % 100 - 50));
            }
            MemorySegment s = nat.memory(d.bindings().get(2));
            for (int t = 0; t < 3; t++) {
                s.setAtIndex(ValueLayout.JAVA_FLOAT, t, t + 0.5f);
            }
        };
        MetalBackend backend = withFake(nat, 0);
        QuantSpec spec = QuantSpec.int8PerToken();
        float[] xs = data(3 * 37, 11);
        try (Tensor x = F.of(xs, 3, 37); Outputs out = Outputs.of(spec, 3, 37)) {
            OpCall.Quantize call = out.call(spec, x);
            assertTrue(backend.accepts(call));
            backend.execute(call);
            FakeMetal.Recorded r = nat.dispatches.get(0);
            assertEquals(KernelCatalog.QUANTIZE_ACTIVATIONS, r.dispatch().kernel());
            assertArrayEquals(ParamBlocks.activationQuant(3, 37), r.dispatch().params());
            assertEquals(Launch.rows(3, 37, 1024), r.dispatch().launch());
            assertArrayEquals(xs, MemorySegment.ofArray(r.boundBytes().get(0)).asSlice(0, xs.length * 4L)
                    .toArray(ValueLayout.JAVA_FLOAT_UNALIGNED));
            byte[] bytes = out.bytes();
            for (int i = 0; i < bytes.length; i++) {
                assertEquals((byte) (i % 100 - 50), bytes[i], "value " + i);
            }
            assertArrayEquals(new float[] {0.5f, 1.5f, 2.5f}, out.scales().toFloatArray());
        }
        backend.deactivate();
        assertEquals(0, nat.liveBuffers());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ternary_tensor_ties", "ternary_channel_ties", "ternary_group8_ties", "ternary_group4_even",
        "ternary_absmean_per_tensor_0_5x37", "ternary_absmean_per_tensor_0_3x2x33", "ternary_absmean_per_tensor_0_1",
        "ternary_absmean_per_tensor_0_scalar", "ternary_absmean_per_channel_0_5x37",
        "ternary_absmean_per_channel_0_3x2x33", "ternary_absmean_per_channel_0_1x65", "ternary_absmean_per_group_8_5x37",
        "ternary_absmean_per_group_8_3x2x33", "ternary_absmean_per_group_8_1x65", "ternary_absmean_per_group_8_1"})
    void ternaryScalesAndStagedDivisorsAreTheGoldensAndTheKernelsCodesLandInTheValues(String name)
            throws InterruptedException {
        QuantGolden g = QuantGolden.named(name);
        QuantSpec spec = g.spec();
        FakeMetal nat = new FakeMetal();
        MetalBackend backend = withFake(nat, 0);
        try (Tensor x = F.of(g.x(), g.shape()); Outputs gpu = Outputs.of(spec, g.shape())) {
            // Stand-in for the shader: it writes the golden codes, 01 = +1, 10 = -1, element 0 in the low bits.
            nat.onDispatch = d -> writeCodes(nat.memory(d.bindings().get(2)), g.values());
            OpCall.Quantize call = gpu.call(spec, x);
            assertTrue(backend.accepts(call));
            backend.execute(call);
            FakeMetal.Recorded r = nat.dispatches.get(0);
            assertEquals(KernelCatalog.QUANTIZE_TERNARY, r.dispatch().kernel());
            assertArrayEquals(g.x(), floats(r.boundBytes().get(0), g.x().length), "weights staged in order");
            assertArrayEquals(g.divisors(), floats(r.boundBytes().get(1), g.divisors().length),
                    "divisors gamma + 1e-5 staged for the kernel");
            assertArrayEquals(g.scales(), gpu.scales().toFloatArray(), "scales are the gammas mean|w|");
            assertArrayEquals(g.values(), trits(gpu.values()), "the kernel's codes copied to the values");
            assertEquals(Launch.ternaryQuantize(g.x().length, 1024), r.dispatch().launch());
        }
        backend.deactivate();
        assertEquals(0, nat.liveBuffers());
    }

    private static float[] floats(byte[] bytes, int count) {
        return MemorySegment.ofArray(bytes).asSlice(0, count * 4L).toArray(ValueLayout.JAVA_FLOAT_UNALIGNED);
    }

    private static void writeCodes(MemorySegment codes, float[] trits) {
        for (int b = 0; b * 4 < trits.length; b++) {
            int packed = 0;
            for (int j = 0; j < 4 && b * 4 + j < trits.length; j++) {
                float t = trits[b * 4 + j];
                packed |= (t > 0 ? 1 : t < 0 ? 2 : 0) << (2 * j);
            }
            codes.set(ValueLayout.JAVA_BYTE, b, (byte) packed);
        }
    }

    /** Decodes the TERNARY layout independently of the code under test. */
    private static float[] trits(Tensor v) {
        float[] out = new float[(int) v.size()];
        for (int i = 0; i < out.length; i++) {
            long at = v.offset() + i;
            int code = (v.segment().get(ValueLayout.JAVA_BYTE, at >>> 2) >>> ((at & 3) * 2)) & 3;
            out[i] = code == 1 ? 1 : code == 2 ? -1 : 0;
        }
        return out;
    }

    @Test
    void aTernaryResultEndingInsideAByteKeepsTheElementsAfterIt() throws InterruptedException {
        FakeMetal nat = new FakeMetal();
        // The kernel leaves the unused codes of the last byte 0: the marker here sets them all to show they are kept.
        nat.onDispatch = d -> {
            MemorySegment codes = nat.memory(d.bindings().get(2));
            codes.set(ValueLayout.JAVA_BYTE, 0, (byte) 0b1010_1010);
            codes.set(ValueLayout.JAVA_BYTE, 1, (byte) 0b1111_1110);
        };
        MetalBackend backend = withFake(nat, 0);
        byte[] ones = new byte[12];
        java.util.Arrays.fill(ones, (byte) 1);
        try (Tensor trits = F.of(ones, 12); Tensor all = trits.to(DType.TERNARY);
                Tensor view = all.slice(Slice.range(4, 9)); Tensor x = F.of(data(5, 3), 5);
                Tensor scales = F.zeros(DType.F32)) {
            assertEquals(4, view.offset());
            OpCall.Quantize call = new OpCall.Quantize(QuantSpec.ternary(), QuantMode.DYNAMIC, x, view, scales,
                    null);
            assertTrue(backend.accepts(call));
            backend.execute(call);
            byte[] bytes = all.segment().asSlice(0, 3).toArray(ValueLayout.JAVA_BYTE);
            assertEquals((byte) 0x55, bytes[0], "elements 0-3 (before the view) untouched");
            assertEquals((byte) 0b1010_1010, bytes[1], "elements 4-7 from the kernel");
            assertEquals((byte) 0b0101_0110, bytes[2], "element 8 from the kernel, elements 9-11 kept");
            try (Tensor shifted = all.slice(Slice.range(1, 6))) {
                assertFalse(backend.accepts(new OpCall.Quantize(QuantSpec.ternary(), QuantMode.DYNAMIC, x, shifted,
                        scales, null)), "codes not starting on a byte stay with the CPU");
            }
        }
        backend.deactivate();
    }

    @Test
    void otherSchemesStaticScalesAndEmptyInputsAreDeclined() throws InterruptedException {
        MetalBackend backend = withFake(new FakeMetal(), 0);
        try (Tensor x = F.of(data(8, 1), 2, 4); Tensor empty = F.zeros(DType.F32, 2, 0)) {
            for (QuantSpec spec : List.of(QuantSpec.int8Symmetric(true), QuantSpec.int8Symmetric(false),
                    QuantSpec.int8Asymmetric(false), QuantSpec.int4(2), QuantSpec.fp16(), QuantSpec.bf16())) {
                try (Outputs out = Outputs.of(spec, 2, 4)) {
                    assertFalse(backend.accepts(out.call(spec, x)), spec.toString());
                }
            }
            for (QuantSpec spec : List.of(QuantSpec.ternary(), QuantSpec.int8PerToken())) {
                try (Outputs out = Outputs.of(spec, 2, 4); Outputs none = Outputs.of(spec, 2, 0)) {
                    assertTrue(backend.accepts(out.call(spec, x)), spec.toString());
                    assertFalse(backend.accepts(new OpCall.Quantize(spec, QuantMode.STATIC, x, out.values(),
                            out.scales(), null)), "static " + spec);
                    assertFalse(backend.accepts(none.call(spec, empty)), "empty " + spec);
                }
            }
        }
        backend.deactivate();
    }

    @Test
    void smallCallsStayOnTheCpuAndNonFiniteInputIsAQuantizationError() throws InterruptedException {
        MetalBackend small = withFake(new FakeMetal(), 4096);
        MetalBackend backend = withFake(new FakeMetal(), 0);
        QuantSpec spec = QuantSpec.int8PerToken();
        try (Tensor x = F.of(new float[] {1, 2, Float.NaN, 4}, 2, 2); Outputs out = Outputs.of(spec, 2, 2)) {
            assertFalse(small.accepts(out.call(spec, x)));
            var e = assertThrows(QuantizationException.class, () -> backend.execute(out.call(spec, x)));
            assertEquals("quantize input holds a non-finite value at index 2: NaN", e.getMessage());
            assertArrayEquals(new byte[4], out.bytes(), "nothing written");
        }
        small.deactivate();
        backend.deactivate();
    }

    @Test
    void aRankOneOrRankZeroInputIsOneRow() throws InterruptedException {
        FakeMetal nat = new FakeMetal();
        MetalBackend backend = withFake(nat, 0);
        QuantGolden g = QuantGolden.named("ternary_absmean_per_tensor_0_scalar");
        try (Tensor x = F.of(data(5, 9), 5); Outputs out = Outputs.of(QuantSpec.int8PerToken(), 5);
                Tensor scalar = F.of(g.x(), new long[0]);
                Outputs one = Outputs.of(QuantSpec.ternary(), new long[0])) {
            assertEquals(1, out.scales().size());
            backend.execute(out.call(QuantSpec.int8PerToken(), x));
            assertArrayEquals(ParamBlocks.activationQuant(1, 5), nat.dispatches.get(0).dispatch().params());
            assertEquals(Launch.rows(1, 5, 1024), nat.dispatches.get(0).dispatch().launch());
            backend.execute(one.call(QuantSpec.ternary(), scalar));
            assertArrayEquals(ParamBlocks.ternary(1, 1, 1, 1), nat.dispatches.get(1).dispatch().params());
            assertArrayEquals(g.scales(), one.scales().toFloatArray(), "gamma of one weight is its magnitude");
        }
        backend.deactivate();
    }
}
