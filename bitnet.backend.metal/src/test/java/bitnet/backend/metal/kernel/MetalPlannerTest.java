package bitnet.backend.metal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import bitnet.api.backend.OpCall;
import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Slice;
import bitnet.api.tensor.Tensor;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;

/** Buffer layout and plans: what is copied where, which kernels run with which parameters and grids. */
class MetalPlannerTest {
    private static final HybridMemoryPool POOL = HybridMemoryPool.withDefaults();
    private static final PooledTensorFactory F = new PooledTensorFactory(POOL);

    @AfterAll
    static void close() {
        POOL.close();
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The element-wise kernel's index math (bm_ew_offset in elementwise.metal) in Java, applied to the parameters
     * the planner computed. It checks the parameters, not the shader: every output index must land on the element
     * the view really holds, relative to the copied span.
     */
    private static long kernelIndex(ByteBuffer p, int operand, long gid) {
        int rank = p.getInt(4);
        long off = p.getInt(136 + 4 * operand);
        long rest = gid;
        for (int d = rank - 1; d >= 0; d--) {
            long extent = p.getInt(8 + 4 * d);
            off += (rest % extent) * p.getInt(40 + 32 * operand + 4 * d);
            rest /= extent;
        }
        return off;
    }

    private static long viewIndex(Tensor t, long gid) {
        long[] shape = t.shape();
        long[] strides = t.strides();
        long idx = t.offset();
        long rest = gid;
        for (int d = shape.length - 1; d >= 0; d--) {
            idx += (rest % shape[d]) * strides[d];
            rest /= shape[d];
        }
        return idx;
    }

    @Test
    void spansCoverWhatAViewReachesAndNoMore() {
        try (Tensor base = F.randn(DType.F32, 1, 4, 6); Tensor cols = base.slice(Slice.range(1, 3));
                Tensor t = base.transpose(0, 1); Tensor row = F.randn(DType.F32, 2, 6);
                Tensor wide = row.broadcastTo(5, 6); Tensor empty = F.empty(DType.F32, 0, 3)) {
            assertEquals(new OperandSpan(6, 12, 0), OperandSpan.of(cols), "rows 1..2 of a 4 x 6 matrix");
            assertEquals(new OperandSpan(0, 24, 0), OperandSpan.of(t));
            assertEquals(new OperandSpan(0, 6, 0), OperandSpan.of(wide), "a broadcast costs its real size");
            assertEquals(0, OperandSpan.of(empty).count());
            assertEquals(24, OperandSpan.of(wide).bytes());
        }
    }

    @Test
    void binaryPlanStagesSpansAndIndexesEveryElementCorrectly() {
        try (Tensor a0 = F.randn(DType.F32, 3, 3, 4, 5); Tensor a = a0.permute(2, 0, 1);
                Tensor b0 = F.randn(DType.F32, 4, 1, 3, 1); Tensor b = b0.broadcastTo(5, 3, 4);
                Tensor out = F.empty(DType.F32, 5, 3, 4)) {
            CallPlan plan = MetalPlanner.plan(new OpCall.Binary(Op.MUL, a, b, out), 1024);
            assertEquals(3, plan.slots().size());
            assertEquals(60 * 4, plan.slots().get(0).bytes());
            assertEquals(3 * 4, plan.slots().get(1).bytes(), "the broadcast operand is copied once");
            assertNull(plan.slots().get(2).source());
            assertEquals(2, plan.outputSlot());
            assertEquals(60 * 4, plan.outputBytes());
            CallPlan.Step step = plan.steps().get(0);
            assertEquals("bm_binary_mul_f32", step.kernel());
            assertEquals(List.of(0, 1, 2), step.bindings());
            assertEquals(Launch.elementwise(60, 1024), step.launch());
            ByteBuffer p = le(step.params());
            OperandSpan sa = OperandSpan.of(a);
            OperandSpan sb = OperandSpan.of(b);
            for (long gid = 0; gid < 60; gid++) {
                assertEquals(viewIndex(a, gid) - sa.first(), kernelIndex(p, 0, gid));
                assertEquals(viewIndex(b, gid) - sb.first(), kernelIndex(p, 1, gid));
            }
        }
    }

    @Test
    void aSlicedOperandIsCopiedFromItsFirstElement() {
        try (Tensor base = F.randn(DType.F32, 6, 5, 7); Tensor x = base.slice(Slice.range(2, 5));
                Tensor out = F.empty(DType.F32, 3, 7)) {
            CallPlan plan = MetalPlanner.plan(new OpCall.Unary(Op.EXP, x, out), 256);
            float[] staged = plan.slots().get(0).source().toArray(java.lang.foreign.ValueLayout.JAVA_FLOAT);
            assertArrayEquals(x.toFloatArray(), staged);
            assertEquals("bm_unary_exp_f32", plan.steps().get(0).kernel());
            assertEquals(0, le(plan.steps().get(0).params()).getInt(136));
        }
    }

    @Test
    void clampCarriesItsBoundsAndWhereItsThreeOperands() {
        try (Tensor x = F.randn(DType.F32, 7, 10); Tensor out = F.empty(DType.F32, 10);
                Tensor m = F.randn(DType.F32, 8, 10); Tensor y = F.randn(DType.F32, 9, 10)) {
            ByteBuffer p = le(MetalPlanner.plan(new OpCall.Clamp(x, -0.5f, Float.NaN, out), 256).steps().get(0)
                    .params());
            assertEquals(-0.5f, p.getFloat(148));
            assertTrue(Float.isNaN(p.getFloat(152)));
            CallPlan where = MetalPlanner.plan(new OpCall.Where(m, x, y, out), 256);
            assertEquals("bm_where_f32", where.steps().get(0).kernel());
            assertEquals(List.of(0, 1, 2, 3), where.steps().get(0).bindings());
        }
    }

    @Test
    void emptyOutputsLaunchNothing() {
        try (Tensor a = F.empty(DType.F32, 0, 4); Tensor out = F.empty(DType.F32, 0, 4);
                Tensor ma = F.empty(DType.F32, 1, 0, 3); Tensor mb = F.empty(DType.F32, 1, 3, 2);
                Tensor mo = F.empty(DType.F32, 1, 0, 2)) {
            assertTrue(MetalPlanner.plan(new OpCall.Binary(Op.ADD, a, a, out), 256).steps().isEmpty());
            assertTrue(MetalPlanner.plan(new OpCall.MatMul(ma, mb, mo), 256).steps().isEmpty());
        }
    }

    @Test
    void matmulWithAnEmptyInnerAxisStillWritesTheOutput() {
        try (Tensor a = F.empty(DType.F32, 1, 3, 0); Tensor b = F.empty(DType.F32, 1, 0, 2);
                Tensor out = F.empty(DType.F32, 1, 3, 2)) {
            CallPlan plan = MetalPlanner.plan(new OpCall.MatMul(a, b, out), 256);
            assertEquals(1, plan.steps().size(), "k = 0: the kernel writes zeros");
            assertEquals(0, le(plan.steps().get(0).params()).getInt(12));
        }
    }

    @Test
    void matmulPassesBatchBroadcastAndTransposedStrides() {
        try (Tensor a = F.randn(DType.F32, 1, 2, 3, 5); Tensor b0 = F.randn(DType.F32, 2, 1, 4, 5);
                Tensor bt = b0.transpose(1, 2); Tensor b = bt.broadcastTo(2, 5, 4);
                Tensor out = F.empty(DType.F32, 2, 3, 4)) {
            CallPlan plan = MetalPlanner.plan(new OpCall.MatMul(a, b, out), 256);
            ByteBuffer p = le(plan.steps().get(0).params());
            assertArrayEquals(new int[] {2, 3, 4, 5}, new int[] {p.getInt(0), p.getInt(4), p.getInt(8), p.getInt(12)});
            assertArrayEquals(new int[] {15, 5, 1}, new int[] {p.getInt(16), p.getInt(20), p.getInt(24)});
            assertArrayEquals(new int[] {0, 1, 5}, new int[] {p.getInt(28), p.getInt(32), p.getInt(36)});
            assertEquals(20 * 4, plan.slots().get(1).bytes());
            assertEquals(Launch.matmul(2, 3, 4), plan.steps().get(0).launch());
        }
    }

    @Test
    void rowKernelsBindTheWeightOnlyWhenThereIsOne() {
        try (Tensor x = F.randn(DType.F32, 1, 6, 33); Tensor w = F.randn(DType.F32, 2, 33);
                Tensor out = F.empty(DType.F32, 6, 33)) {
            CallPlan soft = MetalPlanner.plan(new OpCall.Softmax(Op.LOG_SOFTMAX, x, 1, out), 1024);
            assertEquals("bm_log_softmax_f32", soft.steps().get(0).kernel());
            assertEquals(List.of(0, 0, 2), soft.steps().get(0).bindings());
            assertEquals(Launch.rows(6, 33, 1024), soft.steps().get(0).launch());
            CallPlan norm = MetalPlanner.plan(new OpCall.Norm(Op.RMS_NORM, x, w, null, 1e-6f, out), 1024);
            assertEquals(List.of(0, 1, 2), norm.steps().get(0).bindings());
            ByteBuffer p = le(norm.steps().get(0).params());
            assertEquals(6, p.getInt(0));
            assertEquals(33, p.getInt(4));
            assertEquals(1e-6f, p.getFloat(8));
            assertEquals(1, p.getInt(12));
        }
    }

    @Test
    void layoutsWithoutKernelsAreDeclined() {
        try (Tensor x = F.randn(DType.F32, 1, 6, 33); Tensor xt = x.transpose(0, 1); Tensor out = F.empty(DType.F32, 33, 6);
                Tensor o2 = F.empty(DType.F32, 6, 33); Tensor r = F.empty(DType.F32, 6);
                Tensor big = F.randn(DType.F32, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2);
                Tensor bigOut = F.empty(DType.F32, 1, 1, 1, 1, 1, 1, 1, 1, 2)) {
            assertFalse(MetalPlanner.accepts(new OpCall.Softmax(xt, 1, out)), "non-contiguous input");
            assertFalse(MetalPlanner.accepts(new OpCall.Softmax(x, 0, o2)), "not the last axis");
            assertFalse(MetalPlanner.accepts(new OpCall.Norm(Op.LAYER_NORM, x, null, null, 1e-5f, o2)));
            assertFalse(MetalPlanner.accepts(new OpCall.Reduce(Op.SUM, x, 1, r)));
            assertFalse(MetalPlanner.accepts(new OpCall.Unary(Op.EXP, big, bigOut)), "rank 9");
            assertTrue(MetalPlanner.accepts(new OpCall.Unary(Op.EXP, xt, out)), "element-wise takes any strides");
            assertThrows(UnsupportedOperationException.class, () -> MetalPlanner.plan(new OpCall.Reduce(Op.SUM, x, 1,
                    r), 256));
        }
    }
}
