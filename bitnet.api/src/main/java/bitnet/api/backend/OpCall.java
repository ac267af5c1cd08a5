package bitnet.api.backend;

import java.util.List;
import java.util.Objects;

import bitnet.api.ops.Op;
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
     * @param op one of {@link Op#ADD}, {@link Op#SUB}, {@link Op#MUL}, {@link Op#DIV}
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
     * Element-wise unary operation; {@code input} has the output's shape.
     *
     * @param op one of {@link Op#RELU}, {@link Op#GELU}
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
     * Reduction over one axis; the output has the input's shape with {@code axis} removed.
     *
     * @param op one of {@link Op#SUM}, {@link Op#MEAN}
     * @param input operand
     * @param axis the reduced axis, {@code 0 <= axis < input.rank()}
     * @param output result
     */
    record Reduce(Op op, Tensor input, int axis, Tensor output) implements OpCall {
        /** @throws NullPointerException if a component is null */
        public Reduce {
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
     * Softmax along one axis; the output has the input's shape.
     *
     * @param input operand
     * @param axis the normalised axis, {@code 0 <= axis < input.rank()}
     * @param output result
     */
    record Softmax(Tensor input, int axis, Tensor output) implements OpCall {
        /** @throws NullPointerException if a component is null */
        public Softmax {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(output, "output");
        }

        @Override
        public Op op() {
            return Op.SOFTMAX;
        }

        @Override
        public List<Tensor> inputs() {
            return List.of(input);
        }
    }
}
