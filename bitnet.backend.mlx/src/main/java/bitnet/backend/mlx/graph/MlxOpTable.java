package bitnet.backend.mlx.graph;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import bitnet.api.ops.Op;

/**
 * Which mlx-c function implements each operation, for those with a direct counterpart; the composed ones (ReLU,
 * GELU, SiLU, log-softmax, BitLinear, ...) are built in {@link MlxGraph} from these.
 */
public final class MlxOpTable {
    /** Binary element-wise functions, {@code int f(res*, a, b, stream)}. */
    public static final Map<Op, String> BINARY;
    /** Unary element-wise functions, {@code int f(res*, a, stream)}. */
    public static final Map<Op, String> UNARY;
    /** Reductions over one axis, {@code int f(res*, a, axis, keepdims, stream)}. */
    public static final Map<Op, String> REDUCE;
    /** Activations composed from the functions above. */
    public static final Set<Op> COMPOSED = Set.copyOf(EnumSet.of(Op.RELU, Op.RELU2, Op.GELU, Op.GELU_TANH, Op.SILU));
    /** The other operations with a graph: clamp, where, matmul, softmax, log-softmax, norms, BitLinear, quantize. */
    public static final Set<Op> OTHER = Set.copyOf(EnumSet.of(Op.CLAMP, Op.WHERE, Op.MATMUL, Op.SOFTMAX,
            Op.LOG_SOFTMAX, Op.RMS_NORM, Op.LAYER_NORM, Op.BITLINEAR, Op.QUANTIZE));
    /** Every operation the MLX backend runs. */
    public static final Set<Op> OPERATIONS;

    static {
        Map<Op, String> b = new EnumMap<>(Op.class);
        b.put(Op.ADD, "mlx_add");
        b.put(Op.SUB, "mlx_subtract");
        b.put(Op.MUL, "mlx_multiply");
        b.put(Op.DIV, "mlx_divide");
        b.put(Op.REMAINDER, "mlx_remainder");
        b.put(Op.POW, "mlx_power");
        b.put(Op.MAXIMUM, "mlx_maximum");
        b.put(Op.MINIMUM, "mlx_minimum");
        b.put(Op.EQ, "mlx_equal");
        b.put(Op.NE, "mlx_not_equal");
        b.put(Op.LT, "mlx_less");
        b.put(Op.LE, "mlx_less_equal");
        b.put(Op.GT, "mlx_greater");
        b.put(Op.GE, "mlx_greater_equal");
        BINARY = Map.copyOf(b);
        Map<Op, String> u = new EnumMap<>(Op.class);
        u.put(Op.NEG, "mlx_negative");
        u.put(Op.ABS, "mlx_abs");
        u.put(Op.SQRT, "mlx_sqrt");
        u.put(Op.RSQRT, "mlx_rsqrt");
        u.put(Op.EXP, "mlx_exp");
        u.put(Op.LOG, "mlx_log");
        u.put(Op.TANH, "mlx_tanh");
        u.put(Op.SIGMOID, "mlx_sigmoid");
        UNARY = Map.copyOf(u);
        Map<Op, String> r = new EnumMap<>(Op.class);
        r.put(Op.SUM, "mlx_sum_axis");
        r.put(Op.MEAN, "mlx_mean_axis");
        r.put(Op.MAX, "mlx_max_axis");
        r.put(Op.MIN, "mlx_min_axis");
        r.put(Op.PROD, "mlx_prod_axis");
        r.put(Op.LOGSUMEXP, "mlx_logsumexp_axis");
        REDUCE = Map.copyOf(r);
        EnumSet<Op> all = EnumSet.copyOf(BINARY.keySet());
        all.addAll(UNARY.keySet());
        all.addAll(REDUCE.keySet());
        all.addAll(COMPOSED);
        all.addAll(OTHER);
        OPERATIONS = Set.copyOf(all);
    }

    private MlxOpTable() {
    }

    /**
     * @param op a comparison or any op
     * @return true if MLX returns a bool array for it (cast back to float32 before leaving the backend)
     */
    public static boolean returnsBool(Op op) {
        return op.family() == Op.Family.COMPARISON;
    }
}
