package bitnet.backend.metal.kernel;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import bitnet.api.backend.OpCall;
import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;

/**
 * Which kernel runs which operation, and which source file defines it. Kernel names are
 * {@code bm_<family>_<op>_<dtype>}: the element-wise ones come from the {@code BM_BINARY}/{@code BM_UNARY} macros
 * of elementwise.metal, the others are written out. Only F32 operands have kernels.
 */
public final class KernelCatalog {
    /** Kernel that quantizes activations per token to int8 (first step of BitLinear). */
    public static final String QUANTIZE_ACTIVATIONS = "bm_quantize_act_i8";
    /** Kernel that multiplies ternary codes with int8 activations and scales (second step of BitLinear). */
    public static final String BITLINEAR = "bm_bitlinear_t2_i8";
    /** Kernel that quantizes float weights to ternary codes (absmean, divisors from the host). */
    public static final String QUANTIZE_TERNARY = "bm_quantize_ternary_t2";

    private static final Set<Op> BINARY = EnumSet.of(Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.REMAINDER, Op.POW,
            Op.MAXIMUM, Op.MINIMUM, Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE);
    private static final Set<Op> UNARY = EnumSet.of(Op.NEG, Op.ABS, Op.SQRT, Op.RSQRT, Op.EXP, Op.LOG, Op.RELU,
            Op.RELU2, Op.GELU, Op.GELU_TANH, Op.SILU, Op.SIGMOID, Op.TANH, Op.CLAMP);
    private static final Set<Op> OTHER = EnumSet.of(Op.WHERE, Op.MATMUL, Op.SOFTMAX, Op.LOG_SOFTMAX, Op.RMS_NORM,
            Op.BITLINEAR, Op.QUANTIZE);

    /** Every operation that has a kernel. */
    public static final Set<Op> OPERATIONS;

    static {
        EnumSet<Op> all = EnumSet.copyOf(BINARY);
        all.addAll(UNARY);
        all.addAll(OTHER);
        OPERATIONS = Set.copyOf(all);
    }

    private KernelCatalog() {
    }

    /**
     * @param op an operation
     * @param dtype its operands' dtype
     * @return the kernels one call runs, in order, or empty when there is none for this op and dtype; for
     *     {@link Op#QUANTIZE} the kernels of its two schemes, of which a call runs one ({@link #kernels(OpCall)})
     */
    public static Optional<List<String>> kernels(Op op, DType dtype) {
        if (dtype != DType.F32 || !OPERATIONS.contains(op)) {
            return Optional.empty();
        }
        if (BINARY.contains(op)) {
            return Optional.of(List.of("bm_binary_" + op.id() + "_f32"));
        }
        if (UNARY.contains(op)) {
            return Optional.of(List.of("bm_unary_" + op.id() + "_f32"));
        }
        return Optional.of(switch (op) {
            case WHERE -> List.of("bm_where_f32");
            case MATMUL -> List.of("bm_matmul_f32");
            case SOFTMAX -> List.of("bm_softmax_f32");
            case LOG_SOFTMAX -> List.of("bm_log_softmax_f32");
            case RMS_NORM -> List.of("bm_rms_norm_f32");
            case BITLINEAR -> List.of(QUANTIZE_ACTIVATIONS, BITLINEAR);
            case QUANTIZE -> List.of(QUANTIZE_TERNARY, QUANTIZE_ACTIVATIONS);
            default -> throw new IllegalStateException("no kernel mapping for " + op);
        });
    }

    /**
     * @param call a call
     * @return its kernels, or empty
     */
    public static Optional<List<String>> kernels(OpCall call) {
        if (call instanceof OpCall.Quantize q && q.dtype() == DType.F32) {
            return switch (q.spec().scheme()) {
                case TERNARY_ABSMEAN -> Optional.of(List.of(QUANTIZE_TERNARY));
                case INT8_ABSMAX -> Optional.of(List.of(QUANTIZE_ACTIVATIONS));
                default -> Optional.empty();
            };
        }
        return kernels(call.op(), call.dtype());
    }

    /**
     * @param kernel a kernel name
     * @return the shader source file that defines it
     * @throws IllegalArgumentException for a name this catalog does not produce
     */
    public static String sourceFile(String kernel) {
        if (kernel.startsWith("bm_binary_") || kernel.startsWith("bm_unary_") || kernel.equals("bm_where_f32")) {
            return "elementwise.metal";
        }
        if (kernel.equals("bm_matmul_f32")) {
            return "matmul.metal";
        }
        if (kernel.equals("bm_softmax_f32") || kernel.equals("bm_log_softmax_f32") || kernel.equals("bm_rms_norm_f32")) {
            return "rows.metal";
        }
        if (kernel.equals(QUANTIZE_ACTIVATIONS) || kernel.equals(BITLINEAR) || kernel.equals(QUANTIZE_TERNARY)) {
            return "quant.metal";
        }
        throw new IllegalArgumentException("unknown kernel '" + kernel + "'");
    }
}
