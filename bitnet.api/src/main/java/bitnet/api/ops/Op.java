package bitnet.api.ops;

import java.util.Locale;

/**
 * The operations the dispatcher routes. Their shell and configuration name is {@link #id()}, the lower-case
 * enum name ({@code matmul}, {@code softmax}, ...).
 */
public enum Op {
    /** Element-wise {@code a + b} with NumPy broadcasting. */
    ADD(Family.ELEMENTWISE),
    /** Element-wise {@code a - b} with NumPy broadcasting. */
    SUB(Family.ELEMENTWISE),
    /** Element-wise {@code a * b} with NumPy broadcasting. */
    MUL(Family.ELEMENTWISE),
    /** Element-wise {@code a / b} with NumPy broadcasting (IEEE division: x/0 is ±inf or NaN). */
    DIV(Family.ELEMENTWISE),
    /** NumPy {@code remainder}: {@code a - floor(a / b) * b}, the sign of {@code b}; NaN when {@code b} is 0. */
    REMAINDER(Family.ELEMENTWISE),
    /** Element-wise {@code a ** b} ({@link Math#pow} semantics). */
    POW(Family.ELEMENTWISE),
    /** Element-wise maximum; NaN if either is NaN (NumPy {@code maximum}). */
    MAXIMUM(Family.ELEMENTWISE),
    /** Element-wise minimum; NaN if either is NaN (NumPy {@code minimum}). */
    MINIMUM(Family.ELEMENTWISE),
    /** {@code a == b} as a 1/0 mask. */
    EQ(Family.COMPARISON),
    /** {@code a != b} as a 1/0 mask (true for NaN). */
    NE(Family.COMPARISON),
    /** {@code a < b} as a 1/0 mask. */
    LT(Family.COMPARISON),
    /** {@code a <= b} as a 1/0 mask. */
    LE(Family.COMPARISON),
    /** {@code a > b} as a 1/0 mask. */
    GT(Family.COMPARISON),
    /** {@code a >= b} as a 1/0 mask. */
    GE(Family.COMPARISON),
    /** {@code mask != 0 ? x : y}, all three broadcast together. */
    WHERE(Family.ELEMENTWISE),
    /** {@code -x}. */
    NEG(Family.ELEMENTWISE),
    /** {@code |x|}. */
    ABS(Family.ELEMENTWISE),
    /** {@code sqrt(x)} (NaN below 0). */
    SQRT(Family.ELEMENTWISE),
    /** {@code 1 / sqrt(x)}. */
    RSQRT(Family.ELEMENTWISE),
    /** {@code e^x}. */
    EXP(Family.ELEMENTWISE),
    /** Natural logarithm. */
    LOG(Family.ELEMENTWISE),
    /** {@code min(max(x, lo), hi)}, NaN kept; either bound may be absent. */
    CLAMP(Family.ELEMENTWISE),
    /** Matrix product over the last two axes, leading axes broadcast as batch axes. */
    MATMUL(Family.LINALG),
    /** Sum over axes (pairwise in the CPU reference, see {@code AxisKernels}). */
    SUM(Family.REDUCTION),
    /** Arithmetic mean over axes (NaN for an empty axis, as NumPy). */
    MEAN(Family.REDUCTION),
    /** Variance with {@code ddof}. */
    VAR(Family.REDUCTION),
    /** Standard deviation with {@code ddof}. */
    STD(Family.REDUCTION),
    /** Minimum over axes (NaN propagates; an empty axis is an error). */
    MIN(Family.REDUCTION),
    /** Maximum over axes (NaN propagates; an empty axis is an error). */
    MAX(Family.REDUCTION),
    /** Index of the first minimum along one axis, as I32 (the first NaN wins, as NumPy). */
    ARGMIN(Family.REDUCTION),
    /** Index of the first maximum along one axis, as I32 (the first NaN wins, as NumPy). */
    ARGMAX(Family.REDUCTION),
    /** Product over axes (1 for an empty axis). */
    PROD(Family.REDUCTION),
    /** {@code log(sum(exp(x)))}, computed stably around the maximum. */
    LOGSUMEXP(Family.REDUCTION),
    /** {@code max(x, 0)}. */
    RELU(Family.ACTIVATION),
    /** Squared ReLU, {@code max(x, 0)^2} (BitNet b1.58 2B4T's FFN activation). */
    RELU2(Family.ACTIVATION),
    /** GELU, exact form {@code x * Phi(x)} with the Gaussian CDF via erf. */
    GELU(Family.ACTIVATION),
    /** GELU, tanh approximation {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. */
    GELU_TANH(Family.ACTIVATION),
    /** SiLU / Swish, {@code x * sigmoid(x)}. */
    SILU(Family.ACTIVATION),
    /** {@code 1 / (1 + e^-x)}. */
    SIGMOID(Family.ACTIVATION),
    /** Hyperbolic tangent. */
    TANH(Family.ACTIVATION),
    /** Numerically stable softmax along an axis. */
    SOFTMAX(Family.ACTIVATION),
    /** Numerically stable log-softmax along an axis. */
    LOG_SOFTMAX(Family.ACTIVATION),
    /** RMSNorm over the last axis: {@code x / sqrt(mean(x^2) + eps) * weight}. */
    RMS_NORM(Family.NORMALIZATION),
    /** LayerNorm over the last axis: {@code (x - mean) / sqrt(var + eps) * weight + bias} (biased variance). */
    LAYER_NORM(Family.NORMALIZATION),
    /**
     * BitNet b1.58 linear layer: {@code y = (W_q . x_q) * gamma / s (+ bias)} with ternary weights and per-token
     * int8 activations.
     */
    BITLINEAR(Family.QUANTIZED),
    /** Quantization of an F32 tensor by a {@link bitnet.api.quant.QuantSpec} (values plus scales). */
    QUANTIZE(Family.QUANTIZED),
    /** Dequantization back to F32. */
    DEQUANTIZE(Family.QUANTIZED),
    /** Ternary values into the bytes of a {@link bitnet.api.quant.PackingStrategy}. */
    PACK_TERNARY(Family.QUANTIZED),
    /** Packed ternary bytes back to a TERNARY tensor. */
    UNPACK_TERNARY(Family.QUANTIZED),
    /** Rows of an embedding table, converted to F32 ({@code OpCall.Embedding}). */
    EMBEDDING(Family.TRANSFORMER),
    /** Rotary position embedding, rotate-half ("NEOX") pairing ({@code OpCall.Rope}). */
    ROPE(Family.TRANSFORMER),
    /** Causal grouped-query attention over a KV cache ({@code OpCall.Attention}). */
    ATTENTION(Family.TRANSFORMER),
    /** Dense linear layer over stored weights of any float dtype or int8 rows ({@code OpCall.Linear}). */
    LINEAR(Family.LINALG),

    // ---- Dense linear algebra beyond the matrix product (F32 and F64), batched over leading axes ----
    /** Cholesky factor L of a symmetric positive definite matrix, {@code A = L L^T} ({@code numpy.linalg.cholesky}). */
    CHOLESKY(Family.DECOMPOSITION),
    /** LU with partial pivoting as {@code scipy.linalg.lu}: {@code A = P L U}, results P, L (unit lower), U. */
    LU(Family.DECOMPOSITION),
    /** Solution X of {@code A X = B} ({@code numpy.linalg.solve}). */
    SOLVE(Family.DECOMPOSITION),
    /** Matrix inverse ({@code numpy.linalg.inv}). */
    INV(Family.DECOMPOSITION),
    /** Determinant ({@code numpy.linalg.det}). */
    DET(Family.DECOMPOSITION),
    /** Sign and natural log of the absolute determinant ({@code numpy.linalg.slogdet}). */
    SLOGDET(Family.DECOMPOSITION),
    /** Householder QR, reduced, complete or R only ({@code numpy.linalg.qr}). */
    QR(Family.DECOMPOSITION),
    /** Eigenvalues (ascending) and eigenvectors of a symmetric matrix ({@code numpy.linalg.eigh}). */
    EIGH(Family.DECOMPOSITION),
    /** Eigenvalues (ascending) of a symmetric matrix ({@code numpy.linalg.eigvalsh}). */
    EIGVALSH(Family.DECOMPOSITION),
    /** Singular value decomposition: values only, thin or full ({@code numpy.linalg.svd}). */
    SVD(Family.DECOMPOSITION),
    /** Minimum-norm least-squares solution with residuals, rank and singular values ({@code numpy.linalg.lstsq}). */
    LSTSQ(Family.DECOMPOSITION),
    /** Moore-Penrose pseudo-inverse ({@code numpy.linalg.pinv}). */
    PINV(Family.DECOMPOSITION),
    /** Condition number in a matrix norm ({@code numpy.linalg.cond}). */
    COND(Family.DECOMPOSITION),
    /** Matrix norm over the last two axes: Frobenius, 1, inf, 2 or nuclear ({@code numpy.linalg.norm}). */
    NORM(Family.DECOMPOSITION),
    /** Einstein summation over subscripts such as {@code ij,jk->ik} ({@code numpy.einsum}, {@code ...} included). */
    EINSUM(Family.DECOMPOSITION);

    /** Groups of operations, for reports and benchmarks. */
    public enum Family {
        /** Element-wise arithmetic. */
        ELEMENTWISE,
        /** Matrix products. */
        LINALG,
        /** Reductions over axes. */
        REDUCTION,
        /** Comparisons producing 1/0 masks. */
        COMPARISON,
        /** Activations. */
        ACTIVATION,
        /** Normalisations over the last axis. */
        NORMALIZATION,
        /** Operations on quantized operands. */
        QUANTIZED,
        /** Decompositions, solvers, norms and einsum: F32 and F64, several results for some (see {@code OpCall.Linalg}). */
        DECOMPOSITION,
        /** The parts of a transformer layer that are not a linear map: embedding lookup, RoPE, attention. */
        TRANSFORMER
    }

    private final Family family;

    Op(Family family) {
        this.family = family;
    }

    /** @return the family this operation belongs to */
    public Family family() {
        return family;
    }

    /** @return the lower-case name used by the shell and in configuration */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id an operation name, any case ({@code "matmul"})
     * @return the operation
     * @throws IllegalArgumentException naming the known operations if {@code id} is none of them
     */
    public static Op of(String id) {
        for (Op op : values()) {
            if (op.id().equalsIgnoreCase(id)) {
                return op;
            }
        }
        StringBuilder known = new StringBuilder();
        for (Op op : values()) {
            known.append(known.isEmpty() ? "" : ", ").append(op.id());
        }
        throw new IllegalArgumentException("unknown operation '" + id + "'; known: " + known);
    }
}
