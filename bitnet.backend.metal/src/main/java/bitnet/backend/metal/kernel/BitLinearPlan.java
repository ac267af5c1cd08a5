package bitnet.backend.metal.kernel;

import java.util.List;

import bitnet.api.backend.OpCall;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

/**
 * BitLinear as two launches in one command buffer: {@code bm_quantize_act_i8} (per-token scales and int8 values
 * into scratch buffers that never leave the GPU), then {@code bm_bitlinear_t2_i8} reading the TERNARY tensor's
 * 2-bit codes in place.
 */
final class BitLinearPlan {
    private BitLinearPlan() {
    }

    static CallPlan plan(OpCall.BitLinear c, int maxThreads) {
        Tensor w = c.weights();
        long out = w.dim(0);
        long in = w.dim(1);
        long tokens = c.input().dim(0);
        long codeBytes = DType.TERNARY.byteSize(out * in);
        boolean perRow = c.gamma().size() != 1;
        List<CallPlan.Slot> slots = List.of(
                new CallPlan.Slot("codes", codeBytes, w.segment().asSlice(0, codeBytes)),
                MetalPlanner.input("x", c.input()),
                new CallPlan.Slot("xq", tokens * in, null),
                new CallPlan.Slot("scales", tokens * Float.BYTES, null),
                MetalPlanner.input("gamma", c.gamma()),
                c.bias() == null ? new CallPlan.Slot("bias (none)", 0, null) : MetalPlanner.input("bias", c.bias()),
                MetalPlanner.output(c.output()));
        if (tokens == 0 || out == 0) {
            return new CallPlan(slots, List.of(), 6, 0);
        }
        CallPlan.Step quantize = new CallPlan.Step(KernelCatalog.QUANTIZE_ACTIVATIONS, List.of(1, 2, 3),
                ParamBlocks.activationQuant(tokens, in), Launch.rows(tokens, in, maxThreads));
        CallPlan.Step multiply = new CallPlan.Step(KernelCatalog.BITLINEAR, List.of(0, 2, 3, 4, 5, 6),
                ParamBlocks.bitLinear(tokens, out, in, perRow, c.bias() != null), Launch.bitLinear(out, tokens));
        return new CallPlan(slots, List.of(quantize, multiply), 6, c.output().size() * Float.BYTES);
    }
}
