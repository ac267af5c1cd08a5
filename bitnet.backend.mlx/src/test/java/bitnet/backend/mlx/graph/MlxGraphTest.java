package bitnet.backend.mlx.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import bitnet.api.backend.OpCall;
import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.backend.mlx.abi.FakeMlx;
import bitnet.backend.mlx.abi.MlxException;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;

/**
 * The MLX graphs each call builds, over a fake that records them: the functions chosen, the data uploaded,
 * evaluation before the copy-out, and every array freed. The fake computes nothing.
 */
class MlxGraphTest {
    private static final HybridMemoryPool POOL = HybridMemoryPool.withDefaults();
    private static final PooledTensorFactory F = new PooledTensorFactory(POOL);

    @AfterAll
    static void close() {
        POOL.close();
    }

    private static List<String> run(FakeMlx nat, OpCall call) {
        assertTrue(MlxGraph.accepts(call));
        MlxGraph.run(call, nat, 500);
        assertTrue(nat.live.isEmpty(), "every array of the call is freed: " + nat.live);
        return nat.graph();
    }

    @Test
    void comparisonsAreCastBackToFloatAndEvaluatedBeforeTheCopy() {
        FakeMlx nat = new FakeMlx();
        try (Tensor a = F.of(new float[] {1, 2, 3}, 3); Tensor b = F.of(new float[] {3, 2, 1}, 3);
                Tensor out = F.empty(DType.F32, 3)) {
            assertEquals(List.of("1=array[3]:f32", "2=array[3]:f32", "3=mlx_less(1,2)", "4=mlx_astype(3,f32)"),
                    run(nat, new OpCall.Binary(Op.LT, a, b, out)));
            int eval = nat.log.indexOf("eval(4)");
            assertTrue(eval >= 0 && eval < nat.log.indexOf("copy(4,3)"), "explicit evaluation, then the copy");
            assertArrayEquals(new float[] {1000, 1001, 1002}, out.toFloatArray());
        }
    }

    @Test
    void stridedOperandsAreUploadedInRowMajorOrder() {
        FakeMlx nat = new FakeMlx();
        try (Tensor a = F.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3); Tensor t = a.transpose(0, 1);
                Tensor out = F.empty(DType.F32, 3, 2)) {
            assertEquals(List.of("1=array[3x2]:f32", "2=mlx_exp(1)"), run(nat, new OpCall.Unary(Op.EXP, t, out)));
            assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, nat.floatData.get(1L));
        }
    }

    @Test
    void activationsWithoutAnMlxFunctionAreComposed() {
        try (Tensor x = F.randn(DType.F32, 1, 4); Tensor out = F.empty(DType.F32, 4)) {
            assertEquals(List.of("1=array[4]:f32", "2=mlx_sigmoid(1)", "3=mlx_multiply(1,2)"),
                    run(new FakeMlx(), new OpCall.Unary(Op.SILU, x, out)));
            assertEquals(List.of("1=array[4]:f32", "2=scalar(0.0)", "3=mlx_maximum(1,2)", "4=mlx_multiply(3,3)"),
                    run(new FakeMlx(), new OpCall.Unary(Op.RELU2, x, out)));
            List<String> gelu = run(new FakeMlx(), new OpCall.Unary(Op.GELU, x, out));
            assertTrue(gelu.stream().anyMatch(s -> s.contains("mlx_erf(")), gelu.toString());
            List<String> tanh = run(new FakeMlx(), new OpCall.Unary(Op.GELU_TANH, x, out));
            assertTrue(tanh.stream().anyMatch(s -> s.contains("scalar(0.044715)")), tanh.toString());
        }
    }

    @Test
    void clampWithoutALowerBoundPassesMlxsNullArray() {
        try (Tensor x = F.randn(DType.F32, 1, 4); Tensor out = F.empty(DType.F32, 4)) {
            assertEquals(List.of("1=array[4]:f32", "2=scalar(2.0)", "3=mlx_clip(1,0,2)"),
                    run(new FakeMlx(), new OpCall.Clamp(x, Float.NaN, 2f, out)));
        }
    }

    @Test
    void whereSoftmaxAndNormsUseTheirMlxFunctions() {
        try (Tensor x = F.randn(DType.F32, 1, 2, 4); Tensor w = F.randn(DType.F32, 2, 4);
                Tensor out = F.empty(DType.F32, 2, 4)) {
            assertEquals(List.of("1=array[2x4]:f32", "2=scalar(0.0)", "3=mlx_not_equal(1,2)", "4=array[2x4]:f32",
                    "5=array[2x4]:f32", "6=mlx_where(3,4,5)"), run(new FakeMlx(), new OpCall.Where(x, x, x, out)));
            assertEquals(List.of("1=array[2x4]:f32", "2=mlx_logsumexp_axis(1,axis=1,true)", "3=mlx_subtract(1,2)"),
                    run(new FakeMlx(), new OpCall.Softmax(Op.LOG_SOFTMAX, x, 1, out)));
            assertEquals(List.of("1=array[2x4]:f32", "2=mlx_softmax_axis(1,axis=0,true)"),
                    run(new FakeMlx(), new OpCall.Softmax(Op.SOFTMAX, x, 0, out)));
            assertEquals(List.of("1=array[2x4]:f32", "2=array[4]:f32", "3=mlx_fast_rms_norm(1,2,1.0E-6)"),
                    run(new FakeMlx(), new OpCall.Norm(Op.RMS_NORM, x, w, null, 1e-6f, out)));
            assertEquals(List.of("1=array[2x4]:f32", "2=mlx_fast_layer_norm(1,0,0,1.0E-5)"),
                    run(new FakeMlx(), new OpCall.Norm(Op.LAYER_NORM, x, null, null, 1e-5f, out)));
        }
    }

    @Test
    void reductionsUseTheAxisFunctionsAndEmptyMaxIsDeclined() {
        try (Tensor x = F.randn(DType.F32, 1, 2, 4); Tensor out = F.empty(DType.F32, 2);
                Tensor e = F.empty(DType.F32, 2, 0); Tensor eo = F.empty(DType.F32, 2)) {
            assertEquals(List.of("1=array[2x4]:f32", "2=mlx_mean_axis(1,axis=1,false)"),
                    run(new FakeMlx(), new OpCall.Reduce(Op.MEAN, x, 1, out)));
            assertFalse(MlxGraph.accepts(new OpCall.Reduce(Op.MAX, e, 1, eo)));
            assertTrue(MlxGraph.accepts(new OpCall.Reduce(Op.SUM, e, 1, eo)));
            assertFalse(MlxGraph.accepts(new OpCall.Reduce(Op.ARGMAX, x, 1, out)));
        }
    }

    @Test
    void bitLinearIsComposedFromMlxOperations() {
        FakeMlx nat = new FakeMlx();
        try (Tensor i8 = F.of(new byte[] {1, -1, 0, 0, 1, -1}, 2, 3); Tensor w = i8.to(DType.TERNARY);
                Tensor g = F.of(new float[] {0.5f, 2f}, 2); Tensor x = F.of(new float[] {1, -2, 3, 0.5f, 0, 1}, 2, 3);
                Tensor bias = F.of(new float[] {1, 1}, 2); Tensor out = F.empty(DType.F32, 2, 2)) {
            List<String> graph = run(nat, new OpCall.BitLinear(w, g, x, bias, out));
            assertEquals(List.of(
                    "1=array[3x2]:i8",
                    "2=array[2x3]:f32",
                    "3=mlx_abs(2)",
                    "4=mlx_max_axis(3,axis=-1,true)",
                    "5=scalar(127.0)",
                    "6=scalar(1.0E-5)",
                    "7=mlx_maximum(4,6)",
                    "8=mlx_divide(5,7)",
                    "9=mlx_multiply(2,8)",
                    "10=mlx_round(9,0)",
                    "11=scalar(-128.0)",
                    "12=scalar(127.0)",
                    "13=mlx_clip(10,11,12)",
                    "14=mlx_astype(1,f32)",
                    "15=mlx_matmul(13,14)",
                    "16=array[2]:f32",
                    "17=mlx_multiply(15,16)",
                    "18=scalar(1.0)",
                    "19=mlx_divide(18,8)",
                    "20=mlx_multiply(17,19)",
                    "21=array[2]:f32",
                    "22=mlx_add(20,21)"), graph);
            assertArrayEquals(new byte[] {1, 0, -1, 1, 0, -1}, nat.byteData.get(1L), "W^T, [in, out]");
            assertTrue(nat.log.indexOf("eval(22)") < nat.log.indexOf("copy(22,4)"));
        }
    }

    @Test
    void bitLinearBeyondExactFloatSumsIsDeclined() {
        long in = MlxGraph.MAX_EXACT_IN + 1;
        try (Tensor i8 = F.zeros(DType.I8, 1, in); Tensor w = i8.to(DType.TERNARY); Tensor g = F.ones(DType.F32, 1);
                Tensor x = F.zeros(DType.F32, 1, in); Tensor out = F.empty(DType.F32, 1, 1)) {
            assertFalse(MlxGraph.accepts(new OpCall.BitLinear(w, g, x, null, out)));
            assertEquals(132_104, MlxGraph.MAX_EXACT_IN);
        }
    }

    @Test
    void anEmptyOutputMakesNoNativeCall() {
        FakeMlx nat = new FakeMlx();
        try (Tensor a = F.empty(DType.F32, 0, 3); Tensor out = F.empty(DType.F32, 0, 3)) {
            MlxGraph.run(new OpCall.Unary(Op.EXP, a, out), nat, 500);
            assertTrue(nat.log.isEmpty());
        }
    }

    @Test
    void aFailedEvaluationLeavesTheOutputAndFreesEverything() {
        FakeMlx nat = new FakeMlx();
        nat.failEvalWith = new MlxException("mlx: mlx_array_eval failed (status 1): boom");
        try (Tensor a = F.randn(DType.F32, 1, 3); Tensor out = F.zeros(DType.F32, 3)) {
            assertThrows(MlxException.class, () -> MlxGraph.run(new OpCall.Unary(Op.EXP, a, out), nat, 500));
            assertArrayEquals(new float[3], out.toFloatArray());
            assertTrue(nat.live.isEmpty());
        }
    }

    @Test
    void ternaryCodesDecodeToTheTransposedTrits() {
        byte[] trits = new byte[7 * 5];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < trits.length; i++) {
            trits[i] = (byte) (r.nextInt(3) - 1);
        }
        try (Tensor i8 = F.of(trits, 7, 5); Tensor w = i8.to(DType.TERNARY)) {
            byte[] got = new byte[35];
            TernaryCodes.decodeTransposed(w.segment(), 7, 5, MemorySegment.ofArray(got));
            for (int row = 0; row < 7; row++) {
                for (int k = 0; k < 5; k++) {
                    assertEquals(trits[row * 5 + k], got[k * 7 + row], "W[" + row + ", " + k + "]");
                }
            }
        }
    }
}
