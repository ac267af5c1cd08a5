package bitnet.api.ops;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

import bitnet.api.quant.PackingStrategy;
import bitnet.api.quant.QuantSpec;
import bitnet.api.quant.QuantizedTensor;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

/**
 * Operations on tensors with NumPy semantics. Every compute method validates its arguments, allocates the
 * result from the memory pool and runs on the backend the dispatcher picks; if that backend fails or goes away
 * during the call, the dispatcher retries on the next one. A method returns a complete, correct result or
 * throws: it never returns a partial result.
 *
 * <p><b>Ownership.</b> Inputs are not modified (except by the {@code ...InPlace} methods) or closed. Results are
 * new tensors owned by the caller; shape methods ({@link #transpose}, {@link #squeeze}, {@link #unsqueeze},
 * {@link #split}) return views that share the input's memory and must be closed too.
 *
 * <p><b>Dtypes.</b> Compute methods accept F32 and produce F32 (comparisons produce 1/0 masks in F32,
 * {@link #argmin}/{@link #argmax} produce I32); another dtype raises
 * {@link bitnet.api.tensor.UnsupportedDTypeException} naming the operation and the dtype — convert with
 * {@link #cast}. Shape methods accept every dtype except packed {@code TERNARY}.
 *
 * <p><b>Errors.</b> {@link bitnet.api.tensor.ShapeMismatchException} for shapes that do not fit (the message
 * names both shapes); {@link IllegalArgumentException} for bad axes or parameters;
 * {@link bitnet.api.dispatch.NoBackendAvailableException} when no backend could run the operation.
 * Implementations are thread-safe.
 */
@ProviderType
public interface TensorOps {

    /**
     * Any binary element-wise operation or comparison by name.
     *
     * @param op an {@link Op.Family#ELEMENTWISE} binary op ({@code ADD ... MINIMUM}) or an {@link Op.Family#COMPARISON}
     * @param a left operand
     * @param b right operand, broadcast against {@code a} by NumPy rules
     * @return {@code a (op) b}
     */
    Tensor binary(Op op, Tensor a, Tensor b);

    /**
     * {@code a (op)= b} in place: the result is computed into a new buffer and then copied into {@code a}, so
     * {@code a} is either completely updated or untouched.
     *
     * @param op an element-wise binary op
     * @param a the tensor to update; {@code b} must broadcast to its shape
     * @param b right operand
     * @return {@code a}
     */
    Tensor binaryInPlace(Op op, Tensor a, Tensor b);

    /**
     * Any unary element-wise operation or activation by name ({@code NEG, ABS, SQRT, RSQRT, EXP, LOG, RELU, RELU2,
     * GELU, GELU_TANH, SILU, SIGMOID, TANH}).
     *
     * @param op the operation
     * @param x input
     * @return {@code op(x)}
     */
    Tensor unary(Op op, Tensor x);

    /**
     * @param op a unary op as in {@link #unary}
     * @param x the tensor to update (completely or not at all)
     * @return {@code x}
     */
    Tensor unaryInPlace(Op op, Tensor x);

    /** @return {@code a + b}; see {@link #binary} */
    default Tensor add(Tensor a, Tensor b) {
        return binary(Op.ADD, a, b);
    }

    /** @return {@code a - b} */
    default Tensor sub(Tensor a, Tensor b) {
        return binary(Op.SUB, a, b);
    }

    /** @return {@code a * b} */
    default Tensor mul(Tensor a, Tensor b) {
        return binary(Op.MUL, a, b);
    }

    /** @return {@code a / b} */
    default Tensor div(Tensor a, Tensor b) {
        return binary(Op.DIV, a, b);
    }

    /**
     * A binary operation with a scalar right operand.
     *
     * @param op an element-wise binary op or comparison
     * @param a left operand
     * @param b scalar right operand
     * @return {@code a (op) b}
     */
    Tensor binary(Op op, Tensor a, float b);

    /**
     * @param mask selector: nonzero picks {@code x}
     * @param x values where the mask is set
     * @param y values elsewhere; all three broadcast together
     * @return {@code mask != 0 ? x : y}
     */
    Tensor where(Tensor mask, Tensor x, Tensor y);

    /**
     * @param x input
     * @param min lower bound, or NaN for none
     * @param max upper bound, or NaN for none
     * @return {@code min(max(x, min), max)} (NaN stays NaN)
     */
    Tensor clamp(Tensor x, float min, float max);

    /** @return {@code max(x, 0)} */
    default Tensor relu(Tensor x) {
        return unary(Op.RELU, x);
    }

    /** @return GELU, exact erf form */
    default Tensor gelu(Tensor x) {
        return unary(Op.GELU, x);
    }

    /**
     * Matrix product with NumPy {@code matmul} semantics: rank-1 operands are promoted (and the added axis
     * removed from the result), leading axes broadcast as batch axes.
     *
     * @param a {@code [..., m, k]} or {@code [k]}
     * @param b {@code [..., k, n]} or {@code [k]}
     * @return {@code [..., m, n]}
     */
    Tensor matmul(Tensor a, Tensor b);

    /**
     * @param a rank-1
     * @param b rank-1, same length
     * @return the rank-0 inner product
     */
    Tensor dot(Tensor a, Tensor b);

    /**
     * @param a rank-1 of length m
     * @param b rank-1 of length n
     * @return {@code [m, n]} with {@code a[i] * b[j]}
     */
    Tensor outer(Tensor a, Tensor b);

    /**
     * A reduction over the given axes (all axes when none are given).
     *
     * @param op a {@link Op.Family#REDUCTION} op; {@code ARGMIN}/{@code ARGMAX} take at most one axis (none means the
     *     flattened tensor)
     * @param x input
     * @param keepDims keep reduced axes with extent 1
     * @param ddof delta degrees of freedom for {@code VAR}/{@code STD}; ignored otherwise
     * @param axes axes to reduce, negative counting from the end; duplicates are an error
     * @return the reduction
     * @throws IllegalArgumentException for {@code MIN}/{@code MAX}/{@code ARGMIN}/{@code ARGMAX} over an empty axis
     */
    Tensor reduce(Op op, Tensor x, boolean keepDims, double ddof, int... axes);

    /** @return the sum over {@code axis} */
    default Tensor sum(Tensor x, int axis, boolean keepDims) {
        return reduce(Op.SUM, x, keepDims, 0, axis);
    }

    /** @return the mean over {@code axis} */
    default Tensor mean(Tensor x, int axis, boolean keepDims) {
        return reduce(Op.MEAN, x, keepDims, 0, axis);
    }

    /** @return argmax along {@code axis}, I32 */
    default Tensor argmax(Tensor x, int axis) {
        return reduce(Op.ARGMAX, x, false, 0, axis);
    }

    /** @return argmin along {@code axis}, I32 */
    default Tensor argmin(Tensor x, int axis) {
        return reduce(Op.ARGMIN, x, false, 0, axis);
    }

    /**
     * @param x input
     * @param axis axis to normalise over, negative counts from the end
     * @return {@code exp(x - max) / sum(exp(x - max))} along {@code axis}
     */
    default Tensor softmax(Tensor x, int axis) {
        return softmax(Op.SOFTMAX, x, axis);
    }

    /**
     * @param op {@link Op#SOFTMAX} or {@link Op#LOG_SOFTMAX}
     * @param x input
     * @param axis the normalised axis
     * @return softmax or log-softmax along {@code axis}
     */
    Tensor softmax(Op op, Tensor x, int axis);

    /**
     * @param x input {@code [..., d]}
     * @param weight {@code [d]}, or null
     * @param eps added to the mean square
     * @return {@code x / sqrt(mean(x^2) + eps) * weight} over the last axis
     */
    Tensor rmsNorm(Tensor x, Tensor weight, float eps);

    /**
     * @param x input {@code [..., d]}
     * @param weight {@code [d]}, or null
     * @param bias {@code [d]}, or null
     * @param eps added to the (biased) variance
     * @return {@code (x - mean) / sqrt(var + eps) * weight + bias} over the last axis
     */
    Tensor layerNorm(Tensor x, Tensor weight, Tensor bias, float eps);

    /**
     * @param x input
     * @param axes a permutation of the axes, or none to reverse them
     * @return a view with permuted axes
     */
    Tensor transpose(Tensor x, int... axes);

    /**
     * @param x input
     * @param axes axes of extent 1 to remove, or none to remove all of them
     * @return a view without those axes
     */
    Tensor squeeze(Tensor x, int... axes);

    /**
     * @param x input
     * @param axis where the new axis of extent 1 goes, in {@code [-rank-1, rank]}
     * @return a view with one more axis
     */
    Tensor unsqueeze(Tensor x, int axis);

    /**
     * @param tensors tensors with equal shapes except along {@code axis}, same dtype
     * @param axis the joined axis
     * @return a new tensor
     */
    Tensor concat(List<Tensor> tensors, int axis);

    /**
     * @param tensors tensors with equal shapes, same dtype
     * @param axis position of the new axis
     * @return a new tensor
     */
    Tensor stack(List<Tensor> tensors, int axis);

    /**
     * @param x input
     * @param sections number of equal parts ({@code dim(axis)} must divide)
     * @param axis the split axis
     * @return views, one per part
     */
    List<Tensor> split(Tensor x, int sections, int axis);

    /**
     * @param x input
     * @param indices split points along {@code axis}, ascending (NumPy {@code array_split} with indices)
     * @param axis the split axis
     * @return views, {@code indices.length + 1} parts
     */
    List<Tensor> splitAt(Tensor x, long[] indices, int axis);

    /**
     * NumPy {@code take} along an axis.
     *
     * @param x input
     * @param indices I32 indices (any shape), negative counting from the end
     * @param axis the axis indexed
     * @return {@code x.shape[:axis] + indices.shape + x.shape[axis+1:]}
     * @throws IndexOutOfBoundsException naming the first bad index
     */
    Tensor indexSelect(Tensor x, Tensor indices, int axis);

    /**
     * BitNet b1.58 weight quantization (absmean): {@code gamma = mean|W|}, {@code W_q = RoundClip(W / (gamma + eps),
     * -1, 1)} with {@code eps = 1e-5}, per tensor or per output channel (row).
     *
     * @param weights F32 {@code [out, in]}
     * @param perChannel one gamma per row instead of one for the tensor
     * @return two tensors: the TERNARY weights {@code [out, in]} and the F32 gamma ({@code [out]} or rank 0)
     * @throws bitnet.api.tensor.ShapeMismatchException if {@code weights} is not a matrix
     */
    List<Tensor> quantizeTernary(Tensor weights, boolean perChannel);

    /**
     * Dynamic quantization through the dispatcher: the scales (and zero points) are computed from {@code x}.
     *
     * @param x floating (F64, F16 and BF16 are read as F32, the precision the quantizers compute in), finite
     * @param spec scheme and granularity (see {@link QuantSpec} for formulas and shapes)
     * @return the values and their scales; the caller closes it
     * @throws bitnet.api.quant.QuantizationException for NaN or infinite input, naming the index
     */
    QuantizedTensor quantize(Tensor x, QuantSpec spec);

    /**
     * Static quantization through the dispatcher: the scales (and zero points) were calibrated beforehand, e.g. by
     * a dynamic quantization of calibration data; values outside the calibrated range saturate.
     *
     * @param x floating (read as F32), finite
     * @param spec scheme and granularity; {@link bitnet.api.quant.QuantScheme#INT8_ABSMAX} takes {@code s} per row
     * @param scales F32 of shape {@code spec.scaleShape(x.shape())}, positive and finite
     * @param zeroPoints I32 of the same shape for asymmetric int8, otherwise null
     * @return the values, with copies of the given scales and zero points; the caller closes it
     */
    QuantizedTensor quantize(Tensor x, QuantSpec spec, Tensor scales, Tensor zeroPoints);

    /**
     * @param q a quantized tensor (its values may be any layout; it is not closed)
     * @return F32 values of the original shape
     */
    Tensor dequantize(QuantizedTensor q);

    /**
     * Packs ternary values for storage through the dispatcher. The bytes describe themselves: {@code 'B' 'T' 'P'},
     * the format version, the {@link PackingStrategy#ordinal() ordinal} of the strategy used (byte 4), the rank and
     * each dimension as unsigned LEB128 varints, then the strategy's payload (see
     * {@code bitnet.quant.pack.PackedTensorFormat}).
     *
     * @param ternary TERNARY tensor
     * @param strategy the packing, or null to let the statistics of the data choose the smallest
     * @return I8 {@code [bytes]}
     */
    Tensor packTernary(Tensor ternary, PackingStrategy strategy);

    /**
     * @param packed I8 bytes from {@link #packTernary}
     * @return the TERNARY tensor, in the shape recorded at packing
     * @throws bitnet.api.quant.QuantizationException if the bytes are not a packed ternary tensor or are corrupt
     */
    Tensor unpackTernary(Tensor packed);

    /**
     * Rows of an embedding table (see {@link bitnet.api.backend.OpCall.Embedding}).
     *
     * @param table {@code [rows, width]}, F32, F16 or BF16
     * @param ids I32 {@code [n]} (or rank 0 for one row, giving {@code [width]})
     * @return F32 {@code [n, width]}
     * @throws IndexOutOfBoundsException naming the first id outside {@code [0, rows)}
     */
    Tensor embedding(Tensor table, Tensor ids);

    /**
     * Rotary position embedding, rotate-half pairing (see {@link bitnet.api.backend.OpCall.Rope}).
     *
     * @param x F32 {@code [n, heads, d]} with {@code d} even
     * @param positions I32 {@code [n]}, each at least 0
     * @param theta the base frequency, positive
     * @return F32 {@code [n, heads, d]}
     */
    Tensor rope(Tensor x, Tensor positions, float theta);

    /**
     * Causal grouped-query attention of query rows over a KV cache (see
     * {@link bitnet.api.backend.OpCall.Attention}).
     *
     * @param query F32 {@code [n, heads, d]}
     * @param keys F32 or F16 {@code [capacity, kvHeads, d]}, {@code kvHeads} dividing {@code heads}
     * @param values same shape and dtype as {@code keys}
     * @param start position of query row 0; {@code start + n <= capacity}
     * @param scale multiplies the dot products
     * @return F32 {@code [n, heads, d]}
     */
    Tensor attention(Tensor query, Tensor keys, Tensor values, int start, float scale);

    /**
     * A dense linear layer over stored weights (see {@link bitnet.api.backend.OpCall.Linear}):
     * {@code y = x W^T}, or {@code y = x W^T * scales} for I8 rows.
     *
     * @param weights {@code [out, in]}, F32, F16, BF16 or I8
     * @param scales F32 {@code [out]} for I8 weights, null otherwise
     * @param x F32 {@code [..., in]}
     * @return F32 {@code [..., out]}
     */
    Tensor linear(Tensor weights, Tensor scales, Tensor x);

    /**
     * Copies {@code source}'s elements into {@code target} (same shape, any layouts), converting the dtype as
     * {@link Tensor#to(DType)} does; a KV cache takes new keys this way.
     *
     * @param source the elements
     * @param target where they go; not an alias of {@code source}
     * @throws bitnet.api.tensor.ShapeMismatchException if the shapes differ
     */
    void copy(Tensor source, Tensor target);

    /**
     * The BitNet b1.58 linear layer through the dispatcher (see {@link bitnet.api.backend.OpCall.BitLinear}).
     *
     * @param weights TERNARY {@code [out, in]} from {@link #quantizeTernary}
     * @param gamma its F32 scales: {@code [out]} (per row), or {@code [1]} or rank 0 (per tensor)
     * @param x F32 {@code [..., in]}
     * @param bias F32 {@code [out]}, or null
     * @return F32 {@code [..., out]}
     */
    Tensor bitLinear(Tensor weights, Tensor gamma, Tensor x, Tensor bias);

    /**
     * Runs an operation by its name, as the shell's {@code bitnet:op} does. Names and parameters are those of the
     * methods above in snake case: {@code add}, {@code sum axis=0,1 keepdims=true}, {@code var axis=1 ddof=1},
     * {@code gelu approximate=tanh}, {@code clamp min=-1 max=1}, {@code softmax axis=-1}, {@code rms_norm eps=1e-6},
     * {@code transpose axes=1,0}, {@code reshape shape=2,-1}, {@code split sections=3 axis=0},
     * {@code index_select axis=0}, {@code cast dtype=float16} ({@link #operationNames()} lists them all).
     *
     * @param name the operation's name
     * @param inputs its tensor operands, in order
     * @param params its parameters as text ({@code axis=0,1}, {@code keepdims=true})
     * @return the results (one, or several for {@code split}); each owned by the caller
     * @throws IllegalArgumentException for an unknown operation or parameter (the message lists the valid ones),
     *     a parameter that does not parse, or the wrong number of inputs
     */
    List<Tensor> invoke(String name, List<Tensor> inputs, Map<String, String> params);

    /** @return the names {@link #invoke} accepts, sorted */
    List<String> operationNames();

    /**
     * A converted copy (see {@link Tensor#to(DType)} for the rounding rules).
     *
     * @param x input
     * @param dtype target type
     * @return a new tensor
     */
    Tensor cast(Tensor x, DType dtype);
}
