package bitnet.api.backend;

import java.util.List;
import java.util.Objects;

import bitnet.api.linalg.MatrixNorm;
import bitnet.api.linalg.QrMode;
import bitnet.api.linalg.SvdMode;
import bitnet.api.ops.Op;
import bitnet.api.quant.PackingStrategy;
import bitnet.api.quant.QuantMode;
import bitnet.api.quant.QuantScheme;
import bitnet.api.quant.QuantSpec;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

/**
 * One validated operation for a backend to execute. The caller (the platform's {@code TensorOps}) has checked
 * shapes and dtypes and allocated {@link #output()}; the backend only computes. Operands are owned by the
 * caller: a backend must not close them or keep them after {@code execute} returns.
 */
public sealed interface OpCall {

    /** @return the operation */
    Op op();

    /** @return the operands, in order */
    List<Tensor> inputs();

    /** @return the tensor to fill; contiguous, never aliasing an input */
    Tensor output();

    /** @return the dtype that selects the kernel (the first input's) */
    default DType dtype() {
        return inputs().get(0).dtype();
    }

    /**
     * Element-wise binary operation; {@code a} and {@code b} are already broadcast to the output's shape (their
     * strides may be 0 and need not be contiguous).
     *
     * <p>Comparisons ({@link Op.Family#COMPARISON}) write 1 where true and 0 where false.
     *
     * @param op an {@link Op.Family#ELEMENTWISE} binary op ({@link Op#ADD} ... {@link Op#MINIMUM}) or a comparison
     * @param a left operand, output's shape
     * @param b right operand, output's shape
     * @param output result
     */
    record Binary(Op op, Tensor a, Tensor b, Tensor output) implements OpCall {
        /** @throws NullPointerException if a component is null */
        public Binary {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(a, "a");
            Objects.requireNonNull(b, "b");
            Objects.requireNonNull(output, "output");
        }

        @Override
        public List<Tensor> inputs() {
            return List.of(a, b);
        }
    }

    /**
     * Element-wise unary operation; {@code input} has the output's shape (any strides).
     *
     * @param op {@link Op#NEG}, {@link Op#ABS}, {@link Op#SQRT}, {@link Op#RSQRT}, {@link Op#EXP}, {@link Op#LOG}
     *     or an {@link Op.Family#ACTIVATION} applied element-wise
     * @param input operand
     * @param output result
     */
    record Unary(Op op, Tensor input, Tensor output) implements OpCall {
        /** @throws NullPointerException if a component is null */
        public Unary {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(output, "output");
        }

        @Override
        public List<Tensor> inputs() {
            return List.of(input);
        }
    }

    /**
     * {@code min(max(x, min), max)} element-wise; NaN in {@code x} stays NaN.
     *
     * @param input operand, output's shape
     * @param min lower bound, or NaN for none
     * @param max upper bound, or NaN for none
     * @param output result
     */
    record Clamp(Tensor input, float min, float max, Tensor output) implements OpCall {
        /** @throws NullPointerException if a tensor is null */
        public Clamp {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(output, "output");
        }

        @Override
        public Op op() {
            return Op.CLAMP;
        }

        @Override
        public List<Tensor> inputs() {
            return List.of(input);
        }
    }

    /**
     * {@code output = mask != 0 ? x : y}; all operands already broadcast to the output's shape.
     *
     * @param mask selector (F32, nonzero selects {@code x})
     * @param x values where the mask is set
     * @param y values elsewhere
     * @param output result
     */
    record Where(Tensor mask, Tensor x, Tensor y, Tensor output) implements OpCall {
        /** @throws NullPointerException if a tensor is null */
        public Where {
            Objects.requireNonNull(mask, "mask");
            Objects.requireNonNull(x, "x");
            Objects.requireNonNull(y, "y");
            Objects.requireNonNull(output, "output");
        }

        @Override
        public Op op() {
            return Op.WHERE;
        }

        @Override
        public List<Tensor> inputs() {
            return List.of(mask, x, y);
        }

        @Override
        public DType dtype() {
            return x.dtype();
        }
    }

    /**
     * Reduction over one axis; the output is contiguous with the input's shape minus {@code axis}. Several axes
     * are reduced by the caller moving them into one. {@link Op#ARGMIN} and {@link Op#ARGMAX} write I32.
     *
     * @param op a {@link Op.Family#REDUCTION} op
     * @param input operand (any strides)
     * @param axis the reduced axis, {@code 0 <= axis < input.rank()}
     * @param ddof delta degrees of freedom for {@link Op#VAR} and {@link Op#STD} (divisor {@code n - ddof},
     *     floored at 0); ignored otherwise
     * @param output result
     */
    record Reduce(Op op, Tensor input, int axis, double ddof, Tensor output) implements OpCall {
        /** @throws NullPointerException if a component is null */
        public Reduce {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(output, "output");
        }

        /**
         * A reduction without {@code ddof}.
         *
         * @param op the reduction
         * @param input operand
         * @param axis reduced axis
         * @param output result
         */
        public Reduce(Op op, Tensor input, int axis, Tensor output) {
            this(op, input, axis, 0, output);
        }

        @Override
        public List<Tensor> inputs() {
            return List.of(input);
        }
    }

    /**
     * Batched matrix product {@code out[b] = a[b] x b[b]}; all three have rank 3 ({@code [batch, m, k]},
     * {@code [batch, k, n]}, {@code [batch, m, n]}); batch broadcasting is already expanded (stride 0).
     *
     * @param a left operand {@code [batch, m, k]}
     * @param b right operand {@code [batch, k, n]}
     * @param output result {@code [batch, m, n]}
     */
    record MatMul(Tensor a, Tensor b, Tensor output) implements OpCall {
        /** @throws NullPointerException if a component is null */
        public MatMul {
            Objects.requireNonNull(a, "a");
            Objects.requireNonNull(b, "b");
            Objects.requireNonNull(output, "output");
        }

        @Override
        public Op op() {
            return Op.MATMUL;
        }

        @Override
        public List<Tensor> inputs() {
            return List.of(a, b);
        }
    }

    /**
     * Softmax or log-softmax along one axis; the output has the input's shape.
     *
     * @param op {@link Op#SOFTMAX} or {@link Op#LOG_SOFTMAX}
     * @param input operand
     * @param axis the normalised axis, {@code 0 <= axis < input.rank()}
     * @param output result
     */
    record Softmax(Op op, Tensor input, int axis, Tensor output) implements OpCall {
        /** @throws NullPointerException if a component is null */
        public Softmax {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(output, "output");
        }

        /**
         * Softmax.
         *
         * @param input operand
         * @param axis normalised axis
         * @param output result
         */
        public Softmax(Tensor input, int axis, Tensor output) {
            this(Op.SOFTMAX, input, axis, output);
        }

        @Override
        public List<Tensor> inputs() {
            return List.of(input);
        }
    }

    /**
     * RMSNorm or LayerNorm over the last axis; {@code weight} and {@code bias} are rank-1 with the last axis'
     * extent, or null for none. The output has the input's shape.
     *
     * @param op {@link Op#RMS_NORM} or {@link Op#LAYER_NORM}
     * @param input operand
     * @param weight per-feature scale, or null
     * @param bias per-feature shift ({@link Op#LAYER_NORM} only), or null
     * @param eps added to the mean square or variance
     * @param output result
     */
    record Norm(Op op, Tensor input, Tensor weight, Tensor bias, float eps, Tensor output) implements OpCall {
        /** @throws NullPointerException if op, input or output is null */
        public Norm {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(output, "output");
        }

        @Override
        public List<Tensor> inputs() {
            List<Tensor> in = new java.util.ArrayList<>(3);
            in.add(input);
            if (weight != null) {
                in.add(weight);
            }
            if (bias != null) {
                in.add(bias);
            }
            return List.copyOf(in);
        }
    }

    /**
     * BitNet b1.58 linear layer over a batch of tokens: the activations are quantized per token to int8
     * ({@code s = 127 / max|x|}, round half to even), multiplied exactly with the ternary weights, and scaled back:
     * {@code output[t, r] = (sum_k W[r, k] x_q[t, k]) * gamma[r] / s[t] (+ bias[r])}.
     *
     * @param weights {@link DType#TERNARY} {@code [out, in]}, contiguous
     * @param gamma F32 scales: {@code [out]} (per output channel) or rank 0 (per tensor)
     * @param input F32 {@code [tokens, in]}, contiguous
     * @param bias F32 {@code [out]}, or null
     * @param output F32 {@code [tokens, out]}, contiguous
     */
    record BitLinear(Tensor weights, Tensor gamma, Tensor input, Tensor bias, Tensor output) implements OpCall {
        /** @throws NullPointerException if a tensor other than bias is null */
        public BitLinear {
            Objects.requireNonNull(weights, "weights");
            Objects.requireNonNull(gamma, "gamma");
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(output, "output");
        }

        @Override
        public Op op() {
            return Op.BITLINEAR;
        }

        @Override
        public List<Tensor> inputs() {
            return bias == null ? List.of(input, weights, gamma) : List.of(input, weights, gamma, bias);
        }
    }

    /**
     * Rows of an embedding table: {@code output[i, :] = table[ids[i], :]}, converted to F32 (exactly: every F16,
     * BF16 and F32 value is an F32 value).
     *
     * @param table {@code [rows, width]}, F32, F16 or BF16, contiguous (it may live in a memory-mapped file)
     * @param ids I32 {@code [n]}, each in {@code [0, rows)} (checked by the caller)
     * @param output F32 {@code [n, width]}, contiguous
     */
    record Embedding(Tensor table, Tensor ids, Tensor output) implements OpCall {
        /** @throws NullPointerException if a tensor is null */
        public Embedding {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(ids, "ids");
            Objects.requireNonNull(output, "output");
        }

        @Override
        public Op op() {
            return Op.EMBEDDING;
        }

        @Override
        public List<Tensor> inputs() {
            return List.of(table, ids);
        }
    }

    /**
     * Rotary position embedding with the rotate-half ("NEOX", Hugging Face Llama) pairing: for each row {@code t},
     * head {@code h} and {@code i < d/2}, with {@code angle = positions[t] * theta^(-2i/d)},
     * {@code out[i] = x[i] cos - x[i + d/2] sin} and {@code out[i + d/2] = x[i + d/2] cos + x[i] sin}. The angle and
     * its cosine and sine are computed in double, the rotation in F32.
     *
     * @param input F32 {@code [n, heads, d]}, contiguous, {@code d} even
     * @param positions I32 {@code [n]}: the absolute position of each row (rows of different sequences may be mixed)
     * @param theta the base frequency ({@code rope_theta}), positive
     * @param output F32 {@code [n, heads, d]}, contiguous
     */
    record Rope(Tensor input, Tensor positions, float theta, Tensor output) implements OpCall {
        /** @throws NullPointerException if a tensor is null */
        public Rope {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(positions, "positions");
            Objects.requireNonNull(output, "output");
        }

        @Override
        public Op op() {
            return Op.ROPE;
        }

        @Override
        public List<Tensor> inputs() {
            return List.of(input, positions);
        }
    }

    /**
     * Causal grouped-query attention of {@code n} query rows of one sequence over its KV cache. Query row {@code t}
     * sits at position {@code start + t} and attends to cache positions {@code 0 .. start + t}; query head {@code h}
     * reads KV head {@code h / (heads / kvHeads)}:
     * {@code out[t, h] = sum_j softmax_j(scale * q[t, h] . k[j, kv]) v[j, kv]}, the softmax in F32 with the maximum
     * subtracted.
     *
     * @param query F32 {@code [n, heads, d]}, contiguous
     * @param keys {@code [capacity, kvHeads, d]}, F32 or F16, contiguous; positions {@code 0 .. start + n - 1} hold
     *     keys (later ones are not read)
     * @param values same shape and dtype as {@code keys}
     * @param start the position of query row 0, at least 0, with {@code start + n <= capacity}
     * @param scale multiplies the dot products (usually {@code d^-0.5})
     * @param output F32 {@code [n, heads, d]}, contiguous
     */
    record Attention(Tensor query, Tensor keys, Tensor values, int start, float scale, Tensor output)
            implements OpCall {
        /** @throws NullPointerException if a tensor is null */
        public Attention {
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(keys, "keys");
            Objects.requireNonNull(values, "values");
            Objects.requireNonNull(output, "output");
        }

        @Override
        public Op op() {
            return Op.ATTENTION;
        }

        @Override
        public List<Tensor> inputs() {
            return List.of(keys, values, query);
        }
    }

    /**
     * A dense linear layer over stored weights, not quantized on the activation side:
     * {@code output[t, r] = sum_k x[t, k] * W[r, k]} (times {@code scales[r]} for int8 rows), accumulated in F32 or
     * better. Used for LM heads, which BitNet keeps in F16/BF16 (or int8 rows by choice).
     *
     * @param weights {@code [out, in]}, F32, F16, BF16 or I8, contiguous (it may live in a memory-mapped file)
     * @param scales F32 {@code [out]} for I8 weights (row {@code r} holds {@code W[r] / scales[r]}); null otherwise
     * @param input F32 {@code [n, in]}, contiguous
     * @param output F32 {@code [n, out]}, contiguous
     */
    record Linear(Tensor weights, Tensor scales, Tensor input, Tensor output) implements OpCall {
        /** @throws NullPointerException if a tensor other than scales is null */
        public Linear {
            Objects.requireNonNull(weights, "weights");
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(output, "output");
        }

        @Override
        public Op op() {
            return Op.LINEAR;
        }

        @Override
        public List<Tensor> inputs() {
            return scales == null ? List.of(weights, input) : List.of(weights, input, scales);
        }
    }

    /**
     * Quantization of an F32 tensor as {@code spec} describes (see {@link QuantSpec} for the formulas and the shape
     * of the scales). In {@link QuantMode#DYNAMIC} mode the backend computes the scales (and zero points) from the
     * input and writes them; in {@link QuantMode#STATIC} mode they are inputs, calibrated beforehand, and only the
     * values are written (values beyond the range saturate).
     *
     * @param spec scheme, granularity, group size
     * @param mode whether the scales are computed (dynamic) or given (static)
     * @param input F32, contiguous, finite
     * @param values output of dtype {@link QuantSpec#valueType()}, the input's shape, contiguous
     * @param scales F32 of shape {@link QuantSpec#scaleShape(long[])}, contiguous; null when the spec has none
     * @param zeroPoints I32, the scales' shape, for {@link QuantScheme#INT8_ASYMMETRIC}; otherwise null
     */
    record Quantize(QuantSpec spec, QuantMode mode, Tensor input, Tensor values, Tensor scales, Tensor zeroPoints)
            implements OpCall {
        /** @throws NullPointerException if spec, mode, input or values is null */
        public Quantize {
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(values, "values");
        }

        @Override
        public Op op() {
            return Op.QUANTIZE;
        }

        @Override
        public List<Tensor> inputs() {
            if (mode == QuantMode.DYNAMIC || scales == null) {
                return List.of(input);
            }
            return zeroPoints == null ? List.of(input, scales) : List.of(input, scales, zeroPoints);
        }

        @Override
        public Tensor output() {
            return values;
        }
    }

    /**
     * Dequantization to F32: {@code output = dequant(values, scales, zeroPoints)} as {@link QuantSpec} describes.
     * Its {@link #dtype()} is the output's (F32): that is the kernel a backend provides.
     *
     * @param spec how the values were quantized
     * @param values of dtype {@link QuantSpec#valueType()}, contiguous
     * @param scales F32 of shape {@link QuantSpec#scaleShape(long[])}, or null when the spec has none
     * @param zeroPoints I32 for {@link QuantScheme#INT8_ASYMMETRIC}, otherwise null
     * @param output F32, the values' shape, contiguous
     */
    record Dequantize(QuantSpec spec, Tensor values, Tensor scales, Tensor zeroPoints, Tensor output)
            implements OpCall {
        /** @throws NullPointerException if spec, values or output is null */
        public Dequantize {
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(values, "values");
            Objects.requireNonNull(output, "output");
        }

        @Override
        public Op op() {
            return Op.DEQUANTIZE;
        }

        @Override
        public List<Tensor> inputs() {
            if (scales == null) {
                return List.of(values);
            }
            return zeroPoints == null ? List.of(values, scales) : List.of(values, scales, zeroPoints);
        }

        @Override
        public DType dtype() {
            return output.dtype();
        }
    }

    /**
     * Packs a TERNARY tensor into the bytes of one {@link PackingStrategy}, in the self-describing layout of
     * {@code bitnet.quant.pack.PackedTensorFormat} (a header with the strategy and the shape, then the strategy's
     * payload). The caller sized {@code output} to the exact packed size.
     *
     * @param strategy the packing (never null: the caller resolves "automatic")
     * @param input TERNARY, contiguous
     * @param output I8 {@code [bytes]}
     */
    record PackTernary(PackingStrategy strategy, Tensor input, Tensor output) implements OpCall {
        /** @throws NullPointerException if a component is null */
        public PackTernary {
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(output, "output");
        }

        @Override
        public Op op() {
            return Op.PACK_TERNARY;
        }

        @Override
        public List<Tensor> inputs() {
            return List.of(input);
        }
    }

    /**
     * Unpacks the bytes written by {@link PackTernary} into a TERNARY tensor of the shape its header records.
     * Its {@link #dtype()} is TERNARY.
     *
     * @param input I8 {@code [bytes]}
     * @param output TERNARY, the recorded shape, contiguous
     */
    record UnpackTernary(Tensor input, Tensor output) implements OpCall {
        /** @throws NullPointerException if a component is null */
        public UnpackTernary {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(output, "output");
        }

        @Override
        public Op op() {
            return Op.UNPACK_TERNARY;
        }

        @Override
        public List<Tensor> inputs() {
            return List.of(input);
        }

        @Override
        public DType dtype() {
            return DType.TERNARY;
        }
    }

    // ---- Dense linear algebra: the Op.Family.DECOMPOSITION operations, run by bitnet.linalg in the backends ----

    /**
     * A dense linear algebra call. Its operands are contiguous and share one dtype, F32 or F64; matrices sit in the
     * last two axes and every axis in front is a batch axis (already broadcast and materialised by the caller, so
     * operands and results carry the same batch axes). Its results, in {@link #outputs()}, are contiguous, of the
     * operands' dtype (the rank of {@link Lstsq} is I32), allocated by the caller with the shapes each record
     * documents; the backend writes every element of each.
     *
     * <p>A backend throws a {@link bitnet.api.linalg.LinAlgException} (not positive definite, singular, not finite,
     * no convergence, unsupported einsum) for input that has no result. That is a property of the input, not of the
     * backend: the dispatcher hands it to the caller instead of trying the next backend.
     */
    sealed interface Linalg extends OpCall {
        /** @return every result tensor, in the order the record documents; the first is {@link #output()} */
        List<Tensor> outputs();

        @Override
        default Tensor output() {
            return outputs().get(0);
        }
    }

    /**
     * A one-matrix operation without options; {@code a} is {@code (batch..., n, n)} and the results are
     * <ul>
     * <li>{@link Op#CHOLESKY}: L {@code (batch..., n, n)}, lower triangular, zeros above the diagonal;</li>
     * <li>{@link Op#LU}: P, L, U, each {@code (batch..., n, n)}, with {@code A = P L U} (scipy's convention);</li>
     * <li>{@link Op#INV}: the inverse {@code (batch..., n, n)};</li>
     * <li>{@link Op#DET}: the determinant {@code (batch...)};</li>
     * <li>{@link Op#SLOGDET}: sign and log|det|, each {@code (batch...)};</li>
     * <li>{@link Op#EIGH}: eigenvalues {@code (batch..., n)} ascending, eigenvectors {@code (batch..., n, n)} as
     * columns;</li>
     * <li>{@link Op#EIGVALSH}: eigenvalues {@code (batch..., n)} ascending.</li>
     * </ul>
     *
     * @param op one of the operations above
     * @param a the matrices
     * @param outputs the results, in the order above
     */
    record Factor(Op op, Tensor a, List<Tensor> outputs) implements Linalg {
        /** @throws NullPointerException if a component is null */
        public Factor {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(a, "a");
            outputs = List.copyOf(outputs);
        }

        @Override
        public List<Tensor> inputs() {
            return List.of(a);
        }
    }

    /**
     * QR of {@code a} {@code (batch..., m, n)}, k = min(m, n): {@link QrMode#REDUCED} writes Q {@code (batch..., m, k)}
     * and R {@code (batch..., k, n)}; {@link QrMode#COMPLETE} Q {@code (batch..., m, m)} and R {@code (batch..., m, n)};
     * {@link QrMode#R_ONLY} only R {@code (batch..., k, n)}.
     *
     * @param a the matrices
     * @param mode which factors
     * @param outputs Q then R, or R alone
     */
    record QrFactor(Tensor a, QrMode mode, List<Tensor> outputs) implements Linalg {
        /** @throws NullPointerException if a component is null */
        public QrFactor {
            Objects.requireNonNull(a, "a");
            Objects.requireNonNull(mode, "mode");
            outputs = List.copyOf(outputs);
        }

        @Override
        public Op op() {
            return Op.QR;
        }

        @Override
        public List<Tensor> inputs() {
            return List.of(a);
        }
    }

    /**
     * SVD of {@code a} {@code (batch..., m, n)}, k = min(m, n), {@code A = U diag(S) Vh}: {@link SvdMode#VALUES_ONLY}
     * writes S {@code (batch..., k)} descending; {@link SvdMode#THIN} U {@code (batch..., m, k)}, S, Vh
     * {@code (batch..., k, n)}; {@link SvdMode#FULL} U {@code (batch..., m, m)}, S, Vh {@code (batch..., n, n)}.
     *
     * @param a the matrices
     * @param mode which factors
     * @param outputs U, S, Vh, or S alone
     */
    record SvdFactor(Tensor a, SvdMode mode, List<Tensor> outputs) implements Linalg {
        /** @throws NullPointerException if a component is null */
        public SvdFactor {
            Objects.requireNonNull(a, "a");
            Objects.requireNonNull(mode, "mode");
            outputs = List.copyOf(outputs);
        }

        @Override
        public Op op() {
            return Op.SVD;
        }

        @Override
        public List<Tensor> inputs() {
            return List.of(a);
        }
    }

    /**
     * {@code X = A^-1 B} for {@code a} {@code (batch..., n, n)} and {@code b} {@code (batch..., n, k)} (a vector
     * right-hand side is passed as {@code k = 1}); the output is {@code (batch..., n, k)}.
     *
     * @param a the square matrices
     * @param b the right-hand sides
     * @param output X
     */
    record Solve(Tensor a, Tensor b, Tensor output) implements Linalg {
        /** @throws NullPointerException if a component is null */
        public Solve {
            Objects.requireNonNull(a, "a");
            Objects.requireNonNull(b, "b");
            Objects.requireNonNull(output, "output");
        }

        @Override
        public Op op() {
            return Op.SOLVE;
        }

        @Override
        public List<Tensor> inputs() {
            return List.of(a, b);
        }

        @Override
        public List<Tensor> outputs() {
            return List.of(output);
        }
    }

    /**
     * Least squares {@code min ||A X - B||} for one {@code a} {@code (m, n)} and {@code b} {@code (m, k)}, as
     * {@code numpy.linalg.lstsq}: results X {@code (n, k)}, residuals {@code (k)} (squared column norms of
     * {@code B - A X}) or {@code (0)} when the rank is below n or {@code m <= n}, the rank as an I32 scalar
     * (shape {@code []}), and the singular values {@code (min(m, n))}.
     *
     * @param a the matrix
     * @param b the right-hand sides
     * @param rcond singular values at or below {@code rcond * s_max} count as zero; negative for NumPy's default
     *     {@code eps * max(m, n)}
     * @param outputs X, residuals, rank, singular values
     */
    record Lstsq(Tensor a, Tensor b, double rcond, List<Tensor> outputs) implements Linalg {
        /** @throws NullPointerException if a component is null */
        public Lstsq {
            Objects.requireNonNull(a, "a");
            Objects.requireNonNull(b, "b");
            outputs = List.copyOf(outputs);
        }

        @Override
        public Op op() {
            return Op.LSTSQ;
        }

        @Override
        public List<Tensor> inputs() {
            return List.of(a, b);
        }
    }

    /**
     * Moore-Penrose pseudo-inverse of {@code a} {@code (batch..., m, n)}; the output is {@code (batch..., n, m)}.
     *
     * @param a the matrices
     * @param rcond singular values at or below {@code rcond * s_max} are dropped (NumPy's default is 1e-15)
     * @param output the pseudo-inverses
     */
    record Pinv(Tensor a, double rcond, Tensor output) implements Linalg {
        /** @throws NullPointerException if a tensor is null */
        public Pinv {
            Objects.requireNonNull(a, "a");
            Objects.requireNonNull(output, "output");
        }

        @Override
        public Op op() {
            return Op.PINV;
        }

        @Override
        public List<Tensor> inputs() {
            return List.of(a);
        }

        @Override
        public List<Tensor> outputs() {
            return List.of(output);
        }
    }

    /**
     * A matrix norm ({@link Op#NORM}) or condition number ({@link Op#COND}, square matrices; +inf when singular) of
     * {@code a} {@code (batch..., m, n)}; the output is {@code (batch...)}.
     *
     * @param op {@link Op#NORM} or {@link Op#COND}
     * @param a the matrices
     * @param ord the norm
     * @param output one value per matrix
     */
    record NormOrCond(Op op, Tensor a, MatrixNorm ord, Tensor output) implements Linalg {
        /** @throws NullPointerException if a component is null */
        public NormOrCond {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(a, "a");
            Objects.requireNonNull(ord, "ord");
            Objects.requireNonNull(output, "output");
        }

        @Override
        public List<Tensor> inputs() {
            return List.of(a);
        }

        @Override
        public List<Tensor> outputs() {
            return List.of(output);
        }
    }

    /**
     * Einstein summation as {@code numpy.einsum} with explicit or implicit output; the caller has checked the
     * subscripts against the operands' ranks and sized the output.
     *
     * @param subscripts for example {@code "ij,jk->ik"}
     * @param operands one tensor per comma-separated term
     * @param output the result
     */
    record Einsum(String subscripts, List<Tensor> operands, Tensor output) implements Linalg {
        /** @throws NullPointerException if a component is null */
        public Einsum {
            Objects.requireNonNull(subscripts, "subscripts");
            Objects.requireNonNull(output, "output");
            operands = List.copyOf(operands);
        }

        @Override
        public Op op() {
            return Op.EINSUM;
        }

        @Override
        public List<Tensor> inputs() {
            return operands;
        }

        @Override
        public List<Tensor> outputs() {
            return List.of(output);
        }
    }
}
