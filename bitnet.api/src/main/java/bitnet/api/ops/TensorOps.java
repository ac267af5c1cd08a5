package bitnet.api.ops;

import org.osgi.annotation.versioning.ProviderType;

import bitnet.api.tensor.Tensor;

/**
 * Operations on tensors. Every method validates its arguments, allocates the result from the memory pool and
 * runs the computation on the backend the dispatcher picks; if that backend fails or goes away during the call,
 * the dispatcher retries on the next one. A method returns a complete, correct result or throws: it never
 * returns a partial result.
 *
 * <p>Inputs are not modified or closed. Results are new tensors owned by the caller. Implementations are
 * thread-safe. Floating-point operations accept {@code F32}; other dtypes raise
 * {@link bitnet.api.tensor.UnsupportedDTypeException} naming the operation unless a backend serves them.
 *
 * <p>Failures: {@link bitnet.api.tensor.ShapeMismatchException} for shapes that do not fit (the message names
 * both shapes), {@link bitnet.api.dispatch.NoBackendAvailableException} when no backend could run the
 * operation.
 */
@ProviderType
public interface TensorOps {

    /**
     * @param a left operand
     * @param b right operand, broadcast against {@code a} by NumPy rules
     * @return {@code a + b}
     */
    Tensor add(Tensor a, Tensor b);

    /**
     * @param a left operand
     * @param b right operand, broadcast against {@code a}
     * @return {@code a - b}
     */
    Tensor sub(Tensor a, Tensor b);

    /**
     * @param a left operand
     * @param b right operand, broadcast against {@code a}
     * @return {@code a * b}
     */
    Tensor mul(Tensor a, Tensor b);

    /**
     * @param a dividend
     * @param b divisor, broadcast against {@code a}
     * @return {@code a / b}
     */
    Tensor div(Tensor a, Tensor b);

    /**
     * Matrix product with NumPy {@code matmul} semantics: rank-1 operands are promoted (and the added axis
     * removed from the result), leading axes broadcast as batch axes.
     *
     * @param a {@code [..., m, k]} or {@code [k]}
     * @param b {@code [..., k, n]} or {@code [k]}
     * @return {@code [..., m, n]}
     * @throws bitnet.api.tensor.ShapeMismatchException if the inner dimensions differ or batch axes do not
     *     broadcast
     */
    Tensor matmul(Tensor a, Tensor b);

    /**
     * @param x input
     * @param axis axis to reduce, negative counts from the end
     * @param keepDims keep the reduced axis with extent 1
     * @return the sum over {@code axis}
     */
    Tensor sum(Tensor x, int axis, boolean keepDims);

    /**
     * @param x input
     * @param axis axis to reduce, negative counts from the end
     * @param keepDims keep the reduced axis with extent 1
     * @return the mean over {@code axis} (NaN for an empty axis, as NumPy)
     */
    Tensor mean(Tensor x, int axis, boolean keepDims);

    /**
     * @param x input
     * @return {@code max(x, 0)} element-wise
     */
    Tensor relu(Tensor x);

    /**
     * @param x input
     * @return {@code 0.5 x (1 + erf(x / sqrt 2))} element-wise
     */
    Tensor gelu(Tensor x);

    /**
     * @param x input
     * @param axis axis to normalise over, negative counts from the end
     * @return {@code exp(x - max) / sum(exp(x - max))} along {@code axis}
     */
    Tensor softmax(Tensor x, int axis);
}
