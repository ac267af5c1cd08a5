package bitnet.backend.mlx.graph;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import bitnet.api.backend.OpCall;
import bitnet.api.quant.QuantMode;
import bitnet.api.quant.QuantScheme;
import bitnet.api.quant.ScaleGranularity;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.backend.mlx.abi.MlxNative;
import bitnet.quant.ActivationQuantizer;
import bitnet.quant.SubByteCodes;
import bitnet.quant.TernaryQuantizer;

/**
 * {@link OpCall.Quantize} composed from mlx-c operations, for the two BitNet schemes, with the formulas of
 * {@code bitnet.quant} and the platform's output layouts. A tensor {@code [..., n]} is {@code size / n} rows of
 * {@code n}.
 *
 * <p><b>Per-token int8</b> ({@code QuantSpec.int8PerToken()}), two evaluations:
 * <pre>
 *   m   = max(|x|, axis=-1, keepdims)                 evaluated, copied out (exact in float32)
 *   s   = 127 / max(m, 1e-5)                          on the host, the scales (ActivationQuantizer's float steps)
 *   x_q = clip(round(x * s), -128, 127)               evaluated, copied out as float32, narrowed to I8 on the host
 * </pre>
 * The scale is divided on the host so the scales are the library's bits whatever the GPU's division does.
 *
 * <p><b>Absmean ternary</b> ({@code QuantSpec.ternary(...)}): the gammas {@code mean|w|} of each scale group are
 * summed in double on the host, as {@code TernaryQuantizer} does (MLX on the GPU has no double); then
 * <pre>
 *   q = clip(round(w / (gamma + 1e-5)), -1, 1)        w seen as [groups, group], divisors [groups, 1]
 * </pre>
 * is evaluated and copied out as float32, and the host packs the 2-bit codes (01 = +1, 10 = -1, four per byte,
 * element 0 in the low bits; other elements sharing a byte are kept). MLX has no 2-bit type, so packing on the
 * host is the only way to that layout.
 *
 * <p>Declined (the CPU and SIMD backends serve them): static scales, other schemes, empty inputs, and per-group
 * ternary scales whose group does not divide the row (the reshape to {@code [groups, group]} needs equal groups).
 */
public final class MlxQuantize {
    private MlxQuantize() {
    }

    /**
     * @param c a validated call (MlxGraph has checked the dtype of the input and the contiguity of the values;
     *     the input must be contiguous too, as the backend's finiteness check reads it in order)
     * @return true if {@link #run} handles it
     */
    public static boolean accepts(OpCall.Quantize c) {
        boolean ternary = c.spec().scheme() == QuantScheme.TERNARY_ABSMEAN;
        boolean int8 = c.spec().scheme() == QuantScheme.INT8_ABSMAX;
        long n = c.input().size();
        if (!(ternary || int8) || c.mode() != QuantMode.DYNAMIC || c.zeroPoints() != null || n == 0
                || !c.input().isContiguous()
                || c.values().dtype() != c.spec().valueType() || c.values().size() != n) {
            return false;
        }
        if (ternary && c.spec().granularity() == ScaleGranularity.PER_GROUP
                && cols(c.input()) % groupLength(c) != 0) {
            return false;
        }
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
     * Elements that share one scale, consecutive in row-major order.
     *
     * @param c a ternary or int8 call
     * @return the tensor's size, the row length, or the group size capped at the row length
     */
    static long groupLength(OpCall.Quantize c) {
        long cols = cols(c.input());
        return switch (c.spec().granularity()) {
            case PER_TENSOR -> c.input().size();
            case PER_CHANNEL -> cols;
            case PER_GROUP -> Math.min(c.spec().groupSize(), cols);
        };
    }

    /**
     * Builds, evaluates and copies out; the values and scales are written only after the last evaluation.
     *
     * @param c a call {@link #accepts} accepted, with finite input
     * @param nat the native calls
     * @param stream the GPU stream
     */
    public static void run(OpCall.Quantize c, MlxNative nat, long stream) {
        float[] x = c.input().toFloatArray();
        int length = Math.toIntExact(c.spec().scheme() == QuantScheme.TERNARY_ABSMEAN ? groupLength(c)
                : cols(c.input()));
        int groups = x.length / length;
        try (ArrayScope scope = new ArrayScope(nat); Arena host = Arena.ofConfined()) {
            long xa = scope.track(nat.array(floats(host, x), new int[] {groups, length}, MlxNative.FLOAT32));
            float[] scales;
            float[] q;
            if (c.spec().scheme() == QuantScheme.TERNARY_ABSMEAN) {
                scales = gammas(x, length);
                float[] divisors = new float[groups];
                for (int g = 0; g < groups; g++) {
                    divisors[g] = scales[g] + TernaryQuantizer.EPS;
                }
                long d = scope.track(nat.array(floats(host, divisors), new int[] {groups, 1}, MlxNative.FLOAT32));
                long ratio = scope.track(nat.binary("mlx_divide", xa, d, stream));
                q = evaluate(nat, host, clip(nat, scope, ratio, -1, 1, stream), x.length);
                writeTrits(c.values(), q);
            } else {
                long abs = scope.track(nat.unary("mlx_abs", xa, stream));
                float[] absMax = evaluate(nat, host,
                        scope.track(nat.axis("mlx_max_axis", abs, -1, true, stream)), groups);
                scales = new float[groups];
                for (int t = 0; t < groups; t++) {
                    scales[t] = 127f / Math.max(absMax[t], ActivationQuantizer.MIN_ABSMAX);
                }
                long s = scope.track(nat.array(floats(host, scales), new int[] {groups, 1}, MlxNative.FLOAT32));
                long scaled = scope.track(nat.binary("mlx_multiply", xa, s, stream));
                q = evaluate(nat, host, clip(nat, scope, scaled, -128, 127, stream), x.length);
                writeBytes(c.values(), q);
            }
            if (c.scales() != null) {
                MemorySegment.copy(scales, 0, c.scales().segment(), ValueLayout.JAVA_FLOAT_UNALIGNED,
                        c.scales().offset() * Float.BYTES, scales.length);
            }
        }
    }

    private static long clip(MlxNative nat, ArrayScope scope, long a, float lo, float hi, long stream) {
        long rounded = scope.track(nat.round(a, 0, stream));
        return scope.track(nat.clip(rounded, scope.track(nat.scalar(lo)), scope.track(nat.scalar(hi)), stream));
    }

    private static float[] evaluate(MlxNative nat, Arena host, long a, int count) {
        nat.eval(a);
        MemorySegment out = host.allocate((long) count * Float.BYTES, Float.BYTES);
        nat.copyFloats(a, out, count);
        return out.toArray(ValueLayout.JAVA_FLOAT);
    }

    private static MemorySegment floats(Arena host, float[] v) {
        MemorySegment s = host.allocate((long) v.length * Float.BYTES, Float.BYTES);
        MemorySegment.copy(v, 0, s, ValueLayout.JAVA_FLOAT, 0, v.length);
        return s;
    }

    /**
     * @param x values, row-major
     * @param length elements per scale group (divides {@code x.length})
     * @return {@code mean|x|} of each group, by {@link TernaryQuantizer#absMean}
     */
    static float[] gammas(float[] x, int length) {
        float[] g = new float[x.length / length];
        for (int k = 0; k < g.length; k++) {
            g[k] = TernaryQuantizer.absMean(x, k * length, (k + 1) * length);
        }
        return g;
    }

    /**
     * @param t a contiguous TERNARY tensor
     * @param q values -1, 0, +1 as floats, written as 2-bit codes; the other codes of shared bytes are kept
     */
    static void writeTrits(Tensor t, float[] q) {
        MemorySegment s = t.segment();
        long base = t.offset();
        for (int i = 0; i < q.length; i++) {
            SubByteCodes.setTritCode(s, base + i, SubByteCodes.tritCode(q[i]));
        }
    }

    private static void writeBytes(Tensor t, float[] q) {
        MemorySegment s = t.segment();
        long base = t.offset();
        for (int i = 0; i < q.length; i++) {
            s.set(ValueLayout.JAVA_BYTE, base + i, (byte) (int) q[i]);
        }
    }

    private static long cols(Tensor t) {
        return t.rank() == 0 ? 1 : t.dim(-1);
    }
}
