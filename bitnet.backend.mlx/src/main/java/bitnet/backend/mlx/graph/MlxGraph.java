package bitnet.backend.mlx.graph;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import bitnet.api.backend.OpCall;
import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.backend.mlx.abi.MlxNative;

/**
 * Builds the MLX graph of one {@link OpCall}, evaluates it and copies the result out.
 *
 * <p><b>Laziness made explicit.</b> MLX records operations and computes nothing until an array is evaluated.
 * {@link #run} always ends with {@code mlx_array_eval} on the result, then copies the evaluated float32 data into
 * the output tensor, then frees every array of the call ({@link ArrayScope}). Nothing lazy leaves the backend, and a
 * failure during evaluation surfaces in this call, before the output is touched.
 *
 * <p><b>BitLinear</b>, composed from MLX operations (no custom kernel):
 * <pre>
 *   s   = 127 / maximum(max(|x|, axis=-1, keepdims), 1e-5)          per token, [tokens, 1]
 *   x_q = clip(round(x * s), -128, 127)                              int8 values held in float32
 *   acc = matmul(x_q, float32(W^T))                                   W decoded from 2-bit codes on the host
 *   y   = acc * gamma * (1 / s)  (+ bias)                             the reference's order of float steps
 * </pre>
 * Every partial sum of {@code acc} is an integer of magnitude at most {@code 127 * in}, exact in float32 while that
 * stays below 2^24, so calls with more than {@link #MAX_EXACT_IN} input features are declined.
 *
 * <p><b>Quantize</b> writes two outputs (values and scales) and is built by {@link MlxQuantize}.
 */
public final class MlxGraph {
    /** Largest input width for which the float32 integer sums of BitLinear are exact: {@code 2^24 / 127}. */
    public static final long MAX_EXACT_IN = (1L << 24) / 127;
    private static final float SQRT_HALF = (float) Math.sqrt(0.5);
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);

    private final MlxNative nat;
    private final long stream;
    private final ArrayScope scope;

    private MlxGraph(MlxNative nat, long stream, ArrayScope scope) {
        this.nat = nat;
        this.stream = stream;
        this.scope = scope;
    }

    /**
     * @param call a validated call
     * @return true if {@link #run} builds a graph for it
     */
    public static boolean accepts(OpCall call) {
        Tensor out = call.output();
        if (!MlxOpTable.OPERATIONS.contains(call.op()) || call.dtype() != DType.F32 || !out.isContiguous()
                || out.size() > Integer.MAX_VALUE) {
            return false;
        }
        for (Tensor t : call.inputs()) {
            for (long d : t.shape()) {
                if (d > Integer.MAX_VALUE) {
                    return false;
                }
            }
            boolean weights = call instanceof OpCall.BitLinear c && t == c.weights();
            if (t.dtype() != DType.F32 && !weights) {
                return false;
            }
        }
        return switch (call) {
            case OpCall.Reduce c -> MlxOpTable.REDUCE.containsKey(c.op())
                    && (c.input().dim(c.axis()) > 0 || (c.op() != Op.MIN && c.op() != Op.MAX));
            case OpCall.Norm c -> c.op() == Op.RMS_NORM ? c.bias() == null : true;
            case OpCall.BitLinear c -> c.weights().dtype() == DType.TERNARY && c.weights().offset() == 0
                    && c.weights().dim(1) <= MAX_EXACT_IN;
            case OpCall.Quantize c -> MlxQuantize.accepts(c);
            default -> true;
        };
    }

    /**
     * Builds, evaluates, copies the result into {@code call.output()}, frees.
     *
     * @param call a call {@link #accepts} accepted
     * @param nat the native calls
     * @param stream the GPU stream
     */
    public static void run(OpCall call, MlxNative nat, long stream) {
        Tensor out = call.output();
        if (out.size() == 0) {
            return;
        }
        if (call instanceof OpCall.Quantize q) {
            MlxQuantize.run(q, nat, stream);
            return;
        }
        try (ArrayScope scope = new ArrayScope(nat)) {
            long result = new MlxGraph(nat, stream, scope).build(call);
            nat.eval(result);
            nat.copyFloats(result, out.segment().asSlice(out.offset() * Float.BYTES, out.size() * Float.BYTES),
                    out.size());
        }
    }

    private long build(OpCall call) {
        return switch (call) {
            case OpCall.Binary c -> {
                long r = bin(MlxOpTable.BINARY.get(c.op()), upload(c.a()), upload(c.b()));
                yield MlxOpTable.returnsBool(c.op()) ? track(nat.astype(r, MlxNative.FLOAT32, stream)) : r;
            }
            case OpCall.Unary c -> unary(c.op(), upload(c.input()));
            case OpCall.Clamp c -> track(nat.clip(upload(c.input()), Float.isNaN(c.min()) ? 0 : scalar(c.min()),
                    Float.isNaN(c.max()) ? 0 : scalar(c.max()), stream));
            case OpCall.Where c -> track(nat.where(bin("mlx_not_equal", upload(c.mask()), scalar(0)), upload(c.x()),
                    upload(c.y()), stream));
            case OpCall.MatMul c -> bin("mlx_matmul", upload(c.a()), upload(c.b()));
            case OpCall.Softmax c -> {
                long x = upload(c.input());
                yield c.op() == Op.SOFTMAX ? track(nat.axis("mlx_softmax_axis", x, c.axis(), true, stream))
                        : bin("mlx_subtract", x, track(nat.axis("mlx_logsumexp_axis", x, c.axis(), true, stream)));
            }
            case OpCall.Norm c -> {
                long x = upload(c.input());
                long w = c.weight() == null ? 0 : upload(c.weight());
                yield c.op() == Op.RMS_NORM ? track(nat.rmsNorm(x, w, c.eps(), stream))
                        : track(nat.layerNorm(x, w, c.bias() == null ? 0 : upload(c.bias()), c.eps(), stream));
            }
            case OpCall.Reduce c -> track(nat.axis(MlxOpTable.REDUCE.get(c.op()), upload(c.input()), c.axis(), false,
                    stream));
            case OpCall.BitLinear c -> bitLinear(c);
            default -> throw new UnsupportedOperationException("mlx: no graph for " + call.op().id());
        };
    }

    private long unary(Op op, long x) {
        String direct = MlxOpTable.UNARY.get(op);
        if (direct != null) {
            return un(direct, x);
        }
        return switch (op) {
            case RELU -> bin("mlx_maximum", x, scalar(0));
            case RELU2 -> {
                long r = bin("mlx_maximum", x, scalar(0));
                yield bin("mlx_multiply", r, r);
            }
            case GELU -> bin("mlx_multiply", bin("mlx_multiply", x, scalar(0.5f)),
                    bin("mlx_add", scalar(1), un("mlx_erf", bin("mlx_multiply", x, scalar(SQRT_HALF)))));
            case GELU_TANH -> {
                long cube = bin("mlx_multiply", x, bin("mlx_multiply", x, x));
                long inner = bin("mlx_multiply", scalar(SQRT_2_OVER_PI),
                        bin("mlx_add", x, bin("mlx_multiply", scalar(0.044715f), cube)));
                yield bin("mlx_multiply", bin("mlx_multiply", x, scalar(0.5f)),
                        bin("mlx_add", scalar(1), un("mlx_tanh", inner)));
            }
            case SILU -> bin("mlx_multiply", x, un("mlx_sigmoid", x));
            default -> throw new UnsupportedOperationException("mlx: no graph for " + op.id());
        };
    }

    private long bitLinear(OpCall.BitLinear c) {
        int out = Math.toIntExact(c.weights().dim(0));
        int in = Math.toIntExact(c.weights().dim(1));
        long w;
        try (Arena host = Arena.ofConfined()) {
            MemorySegment trits = host.allocate(Math.max(1L, (long) in * out));
            TernaryCodes.decodeTransposed(c.weights().segment(), out, in, trits);
            w = track(nat.array(trits.asSlice(0, (long) in * out), new int[] {in, out}, MlxNative.INT8));
        }
        long x = upload(c.input());
        long absMax = track(nat.axis("mlx_max_axis", un("mlx_abs", x), -1, true, stream));
        long s = bin("mlx_divide", scalar(127), bin("mlx_maximum", absMax, scalar(1e-5f)));
        long xq = track(nat.clip(track(nat.round(bin("mlx_multiply", x, s), 0, stream)), scalar(-128), scalar(127),
                stream));
        long acc = bin("mlx_matmul", xq, track(nat.astype(w, MlxNative.FLOAT32, stream)));
        long y = bin("mlx_multiply", bin("mlx_multiply", acc, upload(c.gamma())), bin("mlx_divide", scalar(1), s));
        return c.bias() == null ? y : bin("mlx_add", y, upload(c.bias()));
    }

    private long upload(Tensor t) {
        try (Tensor c = t.contiguous()) {
            long[] shape = c.shape();
            int[] dims = new int[shape.length];
            for (int i = 0; i < shape.length; i++) {
                dims[i] = Math.toIntExact(shape[i]);
            }
            return track(nat.array(c.segment().asSlice(c.offset() * Float.BYTES, c.size() * Float.BYTES), dims,
                    MlxNative.FLOAT32));
        }
    }

    private long scalar(float v) {
        return track(nat.scalar(v));
    }

    private long un(String function, long a) {
        return track(nat.unary(function, a, stream));
    }

    private long bin(String function, long a, long b) {
        return track(nat.binary(function, a, b, stream));
    }

    private long track(long array) {
        return scope.track(array);
    }
}
