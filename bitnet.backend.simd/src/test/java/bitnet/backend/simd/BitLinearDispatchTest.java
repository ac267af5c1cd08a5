package bitnet.backend.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.ShapeMismatchException;
import bitnet.api.tensor.Tensor;
import bitnet.backend.cpu.CpuBackend;
import bitnet.core.dispatch.RankedDispatcher;
import bitnet.core.dispatch.Registration;
import bitnet.core.ops.DispatchingTensorOps;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;

/**
 * BitLinear through the dispatcher: the CPU backend runs the exact scalar kernel, SIMD the Vector API one; both
 * must give the same floats, within the int8 activation error of a float matmul with the dequantized weights.
 */
class BitLinearDispatchTest {
    /** Per-token absmax int8 activations: relative RMS error about 1 % on Gaussian data (the 1-1.5 %). */
    private static final double ACTIVATION_RMS = 0.02;

    private static final HybridMemoryPool POOL = HybridMemoryPool.withDefaults();
    private static final PooledTensorFactory F = new PooledTensorFactory(POOL);
    private static final SimdBackend SIMD = new SimdBackend(2);
    private static final DispatchingTensorOps CPU_OPS = new DispatchingTensorOps(new RankedDispatcher(
            () -> List.of(new Registration(new CpuBackend(), 40, 1))), F);
    private static final DispatchingTensorOps SIMD_OPS = new DispatchingTensorOps(new RankedDispatcher(
            () -> List.of(new Registration(new CpuBackend(), 40, 1), new Registration(SIMD, 60, 2))), F);

    @AfterAll
    static void stop() throws InterruptedException {
        SIMD.deactivate();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void cpuAndSimdAgreeAndStayCloseToTheFloatProduct(boolean perChannel) {
        int out = 37;
        int in = 301;
        try (Tensor w = F.randn(DType.F32, 7, out, in); Tensor x = F.randn(DType.F32, 8, 2, 3, in);
                Tensor bias = F.randn(DType.F32, 9, out)) {
            List<Tensor> q = CPU_OPS.quantizeTernary(w, perChannel);
            try (Tensor wq = q.get(0); Tensor gamma = q.get(1);
                    Tensor yCpu = CPU_OPS.bitLinear(wq, gamma, x, bias);
                    Tensor ySimd = SIMD_OPS.bitLinear(wq, gamma, x, bias);
                    Tensor dequant = dequantize(wq, gamma); Tensor dt = dequant.transpose(0, 1);
                    Tensor ref0 = CPU_OPS.matmul(x, dt); Tensor ref = CPU_OPS.add(ref0, bias)) {
                assertEquals(DType.TERNARY, wq.dtype());
                assertArrayEquals(new long[] {2, 3, out}, yCpu.shape());
                assertArrayEquals(yCpu.toFloatArray(), ySimd.toFloatArray(), 1e-5f);
                float[] got = yCpu.toFloatArray();
                float[] want = ref.toFloatArray();
                double err = 0;
                double norm = 0;
                for (int i = 0; i < got.length; i++) {
                    err += (got[i] - want[i]) * (double) (got[i] - want[i]);
                    norm += want[i] * (double) want[i];
                }
                double rms = Math.sqrt(err / norm);
                assertTrue(rms < ACTIVATION_RMS, "relative RMS " + rms);
            }
        }
        assertEquals(0, POOL.stats().liveBlocks());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void handComputedLayerOnBothStacks(boolean simd) {
        // W = [[2, -2, 0], [1, 1, 1]]: gamma = mean|W| = 7/6, W / (gamma + 1e-5) = [[1.71, -1.71, 0], [0.86, ...]]
        // rounds and clips to W_q = [[1, -1, 0], [1, 1, 1]]. x = [1, -0.5, 0.25]: s = 127 / 1 = 127,
        // x_q = [127, -63.5 -> -64 (half to even), 31.75 -> 32]. Integer sums: 127 + 64 = 191 and 127 - 64 + 32 = 95;
        // y = sum * gamma / s + bias with bias [0.5, -1].
        DispatchingTensorOps ops = simd ? SIMD_OPS : CPU_OPS;
        try (Tensor w = F.of(new float[] {2, -2, 0, 1, 1, 1}, 2, 3); Tensor x = F.of(new float[] {1, -0.5f, 0.25f}, 1, 3);
                Tensor bias = F.of(new float[] {0.5f, -1f}, 2)) {
            List<Tensor> q = ops.quantizeTernary(w, false);
            try (Tensor wq = q.get(0); Tensor gamma = q.get(1); Tensor y = ops.bitLinear(wq, gamma, x, bias)) {
                assertArrayEquals(new float[] {1, -1, 0, 1, 1, 1}, wq.toFloatArray(), 0f);
                assertEquals(7f / 6f, gamma.getFloat(), 1e-7f);
                assertArrayEquals(new long[] {1, 2}, y.shape());
                double g = 7.0 / 6.0;
                assertArrayEquals(new float[] {(float) (191 * g / 127 + 0.5), (float) (95 * g / 127 - 1)},
                        y.toFloatArray(), 1e-5f);
            }
        }
        assertEquals(0, POOL.stats().liveBlocks());
    }

    private static Tensor dequantize(Tensor wq, Tensor gamma) {
        try (Tensor f = wq.to(DType.F32)) {
            if (gamma.rank() == 0) {
                return CPU_OPS.mul(f, gamma);
            }
            try (Tensor g = CPU_OPS.unsqueeze(gamma, 1)) {
                return CPU_OPS.mul(f, g);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void namedOperationsAndShapeErrors(int tokens) {
        try (Tensor w = F.randn(DType.F32, 1, 5, 8); Tensor x = F.randn(DType.F32, 2, tokens, 8);
                Tensor wrong = F.randn(DType.F32, 3, tokens, 7)) {
            List<Tensor> q = SIMD_OPS.invoke("quantize_ternary", List.of(w), Map.of("per_channel", "true"));
            try (Tensor wq = q.get(0); Tensor gamma = q.get(1)) {
                assertArrayEquals(new long[] {5}, gamma.shape());
                List<Tensor> y = SIMD_OPS.invoke("bitlinear", List.of(wq, gamma, x), Map.of());
                assertArrayEquals(new long[] {tokens, 5}, y.get(0).shape());
                y.forEach(Tensor::close);
                assertThrows(ShapeMismatchException.class, () -> SIMD_OPS.bitLinear(wq, gamma, wrong, null));
                assertThrows(bitnet.api.tensor.UnsupportedDTypeException.class,
                        () -> SIMD_OPS.bitLinear(w, gamma, x, null));
            }
            assertTrue(SIMD_OPS.operationNames().contains("bitlinear"), "bitlinear is a named operation");
            assertTrue(SIMD.supports(Op.BITLINEAR, DType.F32));
        }
    }
}
