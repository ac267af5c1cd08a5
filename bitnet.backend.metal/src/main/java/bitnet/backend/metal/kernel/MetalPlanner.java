package bitnet.backend.metal.kernel;

import java.util.ArrayList;
import java.util.List;

import bitnet.api.backend.OpCall;
import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

/**
 * Turns a validated {@link OpCall} into a {@link CallPlan}: which kernels, which buffers with which bytes, which
 * parameter blocks and grids. Everything here is host-side arithmetic, so it is unit-tested on any machine.
 *
 * <p>Limits (calls outside them are declined, and the dispatcher uses the next backend): F32 operands; element
 * counts and element offsets below 2^31 (the kernels index with 32-bit integers); rank at most 8 for element-wise
 * calls; softmax over the last axis of a contiguous input; RMSNorm without bias on contiguous operands (LayerNorm
 * has no kernel); BitLinear on contiguous operands; dynamic ternary and per-token int8 quantization
 * ({@link QuantizePlan}).
 */
public final class MetalPlanner {
    private static final long LIMIT = Integer.MAX_VALUE;

    private MetalPlanner() {
    }

    /**
     * @param call a validated call
     * @return true if {@link #plan} can plan it
     */
    public static boolean accepts(OpCall call) {
        if (KernelCatalog.kernels(call).isEmpty() || !call.output().isContiguous() || call.output().size() > LIMIT) {
            return false;
        }
        for (Tensor t : call.inputs()) {
            if (t.dtype() != DType.F32 && !(call instanceof OpCall.BitLinear c && t == c.weights())) {
                return false;
            }
            OperandSpan span = OperandSpan.of(t);
            if (span.first() + span.count() > LIMIT) {
                return false;
            }
        }
        return switch (call) {
            case OpCall.Binary c -> c.output().rank() <= ParamBlocks.MAX_RANK;
            case OpCall.Unary c -> c.output().rank() <= ParamBlocks.MAX_RANK;
            case OpCall.Clamp c -> c.output().rank() <= ParamBlocks.MAX_RANK;
            case OpCall.Where c -> c.output().rank() <= ParamBlocks.MAX_RANK;
            case OpCall.MatMul c -> true;
            case OpCall.Softmax c -> c.input().isContiguous() && c.axis() == c.input().rank() - 1;
            case OpCall.Norm c -> c.op() == Op.RMS_NORM && c.bias() == null && c.input().isContiguous()
                    && (c.weight() == null || c.weight().isContiguous());
            case OpCall.BitLinear c -> c.weights().dtype() == DType.TERNARY && c.weights().offset() == 0
                    && c.input().isContiguous() && c.gamma().isContiguous()
                    && (c.bias() == null || c.bias().isContiguous());
            case OpCall.Quantize c -> QuantizePlan.accepts(c);
            default -> false;
        };
    }

    /**
     * @param call a call {@link #accepts} accepted
     * @param maxThreads the device's threadgroup limit
     * @return the plan
     * @throws UnsupportedOperationException if the call is not accepted
     */
    public static CallPlan plan(OpCall call, int maxThreads) {
        if (!accepts(call)) {
            throw new UnsupportedOperationException("metal: no kernel for this layout of " + call.op().id());
        }
        List<String> kernels = KernelCatalog.kernels(call).orElseThrow();
        return switch (call) {
            case OpCall.Binary c -> elementwise(kernels.get(0), List.of(c.a(), c.b()), c.output(), Float.NaN,
                    Float.NaN, maxThreads);
            case OpCall.Unary c -> elementwise(kernels.get(0), List.of(c.input()), c.output(), Float.NaN, Float.NaN,
                    maxThreads);
            case OpCall.Clamp c -> elementwise(kernels.get(0), List.of(c.input()), c.output(), c.min(), c.max(),
                    maxThreads);
            case OpCall.Where c -> elementwise(kernels.get(0), List.of(c.mask(), c.x(), c.y()), c.output(),
                    Float.NaN, Float.NaN, maxThreads);
            case OpCall.MatMul c -> matmul(kernels.get(0), c);
            case OpCall.Softmax c -> rows(kernels.get(0), c.input(), null, 0f, c.output(), maxThreads);
            case OpCall.Norm c -> rows(kernels.get(0), c.input(), c.weight(), c.eps(), c.output(), maxThreads);
            case OpCall.BitLinear c -> BitLinearPlan.plan(c, maxThreads);
            case OpCall.Quantize c -> QuantizePlan.plan(c, maxThreads);
            default -> throw new UnsupportedOperationException("metal has no kernel for " + call.op().id());
        };
    }

    static CallPlan.Slot input(String role, Tensor t) {
        OperandSpan span = OperandSpan.of(t);
        return new CallPlan.Slot(role, span.bytes(), span.slice(t));
    }

    static CallPlan.Slot output(Tensor out) {
        return new CallPlan.Slot("out", out.size() * Float.BYTES, null);
    }

    private static CallPlan elementwise(String kernel, List<Tensor> operands, Tensor out, float lo, float hi,
            int maxThreads) {
        List<CallPlan.Slot> slots = new ArrayList<>();
        long[][] strides = new long[operands.size()][];
        long[] offsets = new long[operands.size()];
        List<Integer> bindings = new ArrayList<>();
        for (int k = 0; k < operands.size(); k++) {
            Tensor t = operands.get(k);
            slots.add(input("operand" + k, t));
            strides[k] = t.strides();
            offsets[k] = OperandSpan.of(t).kernelOffset();
            bindings.add(k);
        }
        slots.add(output(out));
        bindings.add(operands.size());
        List<CallPlan.Step> steps = out.size() == 0 ? List.of() : List.of(new CallPlan.Step(kernel, bindings,
                ParamBlocks.elementwise(out.shape(), strides, offsets, lo, hi),
                Launch.elementwise(out.size(), maxThreads)));
        return new CallPlan(slots, steps, operands.size(), out.size() * Float.BYTES);
    }

    private static CallPlan matmul(String kernel, OpCall.MatMul c) {
        long batch = c.output().dim(0);
        long m = c.output().dim(1);
        long n = c.output().dim(2);
        long k = c.a().dim(2);
        List<CallPlan.Slot> slots = List.of(input("a", c.a()), input("b", c.b()), output(c.output()));
        List<CallPlan.Step> steps = c.output().size() == 0 ? List.of() : List.of(new CallPlan.Step(kernel,
                List.of(0, 1, 2), ParamBlocks.matmul(batch, m, n, k, c.a().strides(), c.b().strides(),
                        OperandSpan.of(c.a()).kernelOffset(), OperandSpan.of(c.b()).kernelOffset()),
                Launch.matmul(batch, m, n)));
        return new CallPlan(slots, steps, 2, c.output().size() * Float.BYTES);
    }

    private static CallPlan rows(String kernel, Tensor in, Tensor weight, float eps, Tensor out, int maxThreads) {
        long cols = in.dim(-1);
        long rows = cols == 0 ? 0 : in.size() / cols;
        List<CallPlan.Slot> slots = new ArrayList<>();
        slots.add(input("x", in));
        // The kernels' weight argument is always bound; without a weight it aliases x and is never read.
        slots.add(weight == null ? new CallPlan.Slot("weight (none)", 0, null) : input("weight", weight));
        slots.add(output(out));
        List<CallPlan.Step> steps = in.size() == 0 ? List.of() : List.of(new CallPlan.Step(kernel,
                List.of(0, weight == null ? 0 : 1, 2), ParamBlocks.rows(rows, cols, eps, weight != null),
                Launch.rows(rows, cols, maxThreads)));
        return new CallPlan(slots, steps, 2, out.size() * Float.BYTES);
    }
}
