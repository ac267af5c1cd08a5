package bitnet.backend.metal.kernel;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import bitnet.api.backend.OpCall;
import bitnet.api.quant.QuantMode;
import bitnet.api.quant.QuantScheme;
import bitnet.api.quant.ScaleGranularity;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

/**
 * {@link OpCall.Quantize} on the GPU, for the two BitNet schemes, in the platform's output layouts:
 * <ul>
 * <li>{@code QuantSpec.ternary(...)} (absmean, any granularity): the host computes the gammas in double as
 * {@code TernaryQuantizer} does ({@link TernaryQuantizePlan}), {@code bm_quantize_ternary_t2} writes the 2-bit codes
 * (01 = +1, 10 = -1, four per byte, element 0 in the low bits); the gammas are the scales.</li>
 * <li>{@code QuantSpec.int8PerToken()}: {@code bm_quantize_act_i8} writes the int8 values and
 * {@code s = 127 / max(max|x|, 1e-5)} per row, as {@code ActivationQuantizer} does.</li>
 * </ul>
 * A tensor {@code [..., n]} is {@code size / n} rows of {@code n} (rank 0 is one row of 1). Only dynamic calls
 * (scales from the data) with at least one element are planned; static scales, other schemes and empty inputs stay
 * with the CPU and SIMD backends.
 */
final class QuantizePlan {
    private QuantizePlan() {
    }

    /**
     * @param c a validated call whose other limits {@link MetalPlanner#accepts} checked
     * @return true if the scheme, mode and layouts can be planned
     */
    static boolean accepts(OpCall.Quantize c) {
        boolean ternary = c.spec().scheme() == QuantScheme.TERNARY_ABSMEAN;
        boolean int8 = c.spec().scheme() == QuantScheme.INT8_ABSMAX
                && c.spec().granularity() == ScaleGranularity.PER_CHANNEL;
        return (ternary || int8) && c.mode() == QuantMode.DYNAMIC && c.zeroPoints() == null
                && c.input().size() > 0 && c.input().isContiguous() && c.values().dtype() == c.spec().valueType()
                && c.values().size() == c.input().size() && scalesFit(c)
                // The kernel writes whole bytes of codes: the values must start on a byte.
                && (!ternary || c.values().offset() % 4 == 0);
    }

    private static boolean scalesFit(OpCall.Quantize c) {
        Tensor s = c.scales();
        if (s == null) {
            return true;
        }
        long count = 1;
        for (long d : c.spec().scaleShape(c.input().shape())) {
            count *= d;
        }
        return s.dtype() == DType.F32 && s.isContiguous() && s.size() == count;
    }

    /**
     * @param c a call {@link #accepts} accepted
     * @param maxThreads the device's threadgroup limit
     * @return the plan; its results carry the values and the scales
     * @throws bitnet.api.quant.QuantizationException if a ternary input is not finite
     */
    static CallPlan plan(OpCall.Quantize c, int maxThreads) {
        Tensor x = c.input();
        long n = x.size();
        long cols = x.rank() == 0 ? 1 : x.dim(-1);
        long rows = n / cols;
        return c.spec().scheme() == QuantScheme.TERNARY_ABSMEAN ? ternary(c, (int) rows, (int) cols, maxThreads)
                : int8(c, rows, cols, maxThreads);
    }

    private static CallPlan ternary(OpCall.Quantize c, int rows, int cols, int maxThreads) {
        TernaryQuantizePlan host = TernaryQuantizePlan.of(c.input().toFloatArray(), rows, cols,
                c.spec().granularity(), c.spec().groupSize(), maxThreads);
        long n = c.values().size();
        long codeBytes = DType.TERNARY.byteSize(n);
        Tensor v = c.values();
        List<CallPlan.Slot> slots = List.of(MetalPlanner.input("w", c.input()),
                new CallPlan.Slot("divisors", host.divisors().length * (long) Float.BYTES,
                        MemorySegment.ofArray(host.divisors())),
                new CallPlan.Slot("codes", codeBytes, null),
                // Computed on the host, but staged like a result so the scales are written only after the launch.
                new CallPlan.Slot("gammas", host.gammas().length * (long) Float.BYTES,
                        MemorySegment.ofArray(host.gammas())));
        List<CallPlan.Result> results = new ArrayList<>(2);
        int tail = (int) (n % 4);
        results.add(new CallPlan.Result(2, v.segment().asSlice(v.offset() / 4, codeBytes),
                tail == 0 ? Byte.SIZE : 2 * tail));
        scales(c, 3, host.gammas().length, results);
        CallPlan.Step step = new CallPlan.Step(KernelCatalog.QUANTIZE_TERNARY, List.of(0, 1, 2), host.params(),
                host.launch());
        return new CallPlan(slots, List.of(step), 2, 0, results);
    }

    private static CallPlan int8(OpCall.Quantize c, long rows, long cols, int maxThreads) {
        Tensor v = c.values();
        List<CallPlan.Slot> slots = List.of(MetalPlanner.input("x", c.input()),
                new CallPlan.Slot("xq", v.size(), null),
                new CallPlan.Slot("scales", rows * Float.BYTES, null));
        List<CallPlan.Result> results = new ArrayList<>(2);
        results.add(CallPlan.Result.whole(1, v.segment().asSlice(v.offset(), v.size())));
        scales(c, 2, rows, results);
        CallPlan.Step step = new CallPlan.Step(KernelCatalog.QUANTIZE_ACTIVATIONS, List.of(0, 1, 2),
                ParamBlocks.activationQuant(rows, cols), Launch.rows(rows, cols, maxThreads));
        return new CallPlan(slots, List.of(step), 1, 0, results);
    }

    private static void scales(OpCall.Quantize c, int slot, long count, List<CallPlan.Result> results) {
        Tensor s = c.scales();
        if (s != null) {
            results.add(CallPlan.Result.whole(slot, s.segment().asSlice(s.offset() * Float.BYTES, count * Float.BYTES)));
        }
    }
}
