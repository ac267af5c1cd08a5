package bitnet.api.backend;

import java.util.List;
import java.util.Objects;

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
}
