package bitnet.api.linalg;

import org.osgi.annotation.versioning.ProviderType;

import bitnet.api.tensor.Tensor;

/**
 * Dense linear algebra on tensors, routed through the dispatcher to the best backend (SIMD, else CPU), with NumPy's
 * semantics ({@code numpy.linalg}, {@code numpy.einsum}). Registered as an OSGi service.
 *
 * <p><b>Tensors.</b> Inputs are F32 or F64 (all operands of one call the same dtype), any layout; they are not
 * modified or closed. Results have the inputs' dtype (F32 results are computed in double precision and rounded
 * once), are new tensors owned by the caller (close them, or close the result record, which closes all of its
 * tensors).
 *
 * <p><b>Batches.</b> A tensor of rank above 2 is a stack of matrices over its leading axes: {@code (batch..., m, n)}.
 * Where two stacks meet (solve), their batch axes broadcast as in NumPy: {@code (2, 1, 3, 3)} with {@code (5, 3, 3)}
 * gives a {@code (2, 5)} batch. Results carry the batch axes in front.
 *
 * <p><b>Errors</b> (all unchecked): a dtype other than F32/F64 or mixed dtypes throw
 * {@link bitnet.api.tensor.UnsupportedDTypeException}; a rank below 2, a non-square matrix where a square one is
 * needed, or batch axes that do not broadcast throw {@link bitnet.api.tensor.ShapeMismatchException} naming the
 * shapes; NaN or an infinity throws {@link NonFiniteInputException} (einsum propagates NaN instead, as NumPy);
 * {@link NotPositiveDefiniteException}, {@link SingularMatrixException}, {@link NoConvergenceException} and
 * {@link UnsupportedEinsumException} as documented on each method; {@link bitnet.api.dispatch.NoBackendAvailableException}
 * if no backend can run the operation. Thread-safe.
 */
@ProviderType
public interface LinearAlgebra {

    /**
     * @param a symmetric positive definite {@code (batch..., n, n)}; only the lower triangle is read
     * @return L {@code (batch..., n, n)}, lower triangular, {@code A = L L^T}
     * @throws NotPositiveDefiniteException if a leading minor is not positive
     */
    Tensor cholesky(Tensor a);

    /**
     * @param a square {@code (batch..., n, n)}
     * @return P, L, U with {@code A = P L U} (a singular matrix has a zero on U's diagonal, not an error)
     */
    LuFactors lu(Tensor a);

    /**
     * @param a square {@code (batch..., n, n)}
     * @param b {@code (n)} (one vector) or {@code (batch..., n, k)}; batch axes broadcast against a's
     * @return X with {@code A X = B}: {@code (n)} for a vector b, else {@code (batch..., n, k)}
     * @throws SingularMatrixException if a matrix is exactly singular
     */
    Tensor solve(Tensor a, Tensor b);

    /**
     * @param a square {@code (batch..., n, n)}
     * @return the inverses
     * @throws SingularMatrixException if a matrix is exactly singular
     */
    Tensor inv(Tensor a);

    /**
     * @param a square {@code (batch..., n, n)}
     * @return the determinants {@code (batch...)} (shape {@code []} for one matrix)
     */
    Tensor det(Tensor a);

    /**
     * @param a square {@code (batch..., n, n)}
     * @return sign and log|det|, each {@code (batch...)}
     */
    SignedLogDeterminant slogdet(Tensor a);

    /**
     * @param a {@code (batch..., m, n)}
     * @param mode which factors and how wide
     * @return Q (null for {@link QrMode#R_ONLY}) and R
     */
    QrFactors qr(Tensor a, QrMode mode);

    /**
     * @param a symmetric {@code (batch..., n, n)}; only the lower triangle is read
     * @return ascending eigenvalues and the eigenvectors as columns
     * @throws NoConvergenceException if the QL iteration does not converge
     */
    EighFactors eigh(Tensor a);

    /**
     * @param a symmetric {@code (batch..., n, n)}; only the lower triangle is read
     * @return ascending eigenvalues {@code (batch..., n)}
     * @throws NoConvergenceException if the QL iteration does not converge
     */
    Tensor eigvalsh(Tensor a);

    /**
     * @param a {@code (batch..., m, n)}
     * @param mode values only, thin or full
     * @return U and Vh (null for {@link SvdMode#VALUES_ONLY}) and the descending singular values S
     * @throws NoConvergenceException if the QR iteration does not converge
     */
    SvdFactors svd(Tensor a, SvdMode mode);

    /**
     * Least squares for one matrix (not batched, as NumPy).
     *
     * @param a {@code (m, n)}
     * @param b {@code (m)} or {@code (m, k)}
     * @param rcond singular values at or below {@code rcond * s_max} count as zero; negative for NumPy's default
     *     {@code eps * max(m, n)}
     * @return solution, residuals, rank and singular values
     */
    LeastSquaresSolution lstsq(Tensor a, Tensor b, double rcond);

    /**
     * @param a {@code (batch..., m, n)}
     * @param rcond singular values at or below {@code rcond * s_max} are dropped (NumPy's default is 1e-15)
     * @return the pseudo-inverses {@code (batch..., n, m)}
     */
    Tensor pinv(Tensor a, double rcond);

    /**
     * @param a {@code (batch..., m, n)}; square unless {@code ord} is {@link MatrixNorm#TWO}
     * @param ord the norm; {@link MatrixNorm#TWO} is {@code s_max / s_min} (NumPy's default {@code p=None})
     * @return the condition numbers {@code (batch...)}; +inf for a singular matrix
     */
    Tensor cond(Tensor a, MatrixNorm ord);

    /**
     * @param a {@code (batch..., m, n)}, or a vector {@code (n)}, taken as an n x 1 column (so FROBENIUS and TWO give
     *     its 2-norm, ONE the sum of magnitudes, INF the largest magnitude)
     * @param ord the norm
     * @return the norms {@code (batch...)}
     */
    Tensor norm(Tensor a, MatrixNorm ord);

    /**
     * @param subscripts {@code numpy.einsum} subscripts: {@code "ij,jk->ik"}, {@code "ii->"}, {@code "bij,bjk->bik"},
     *     {@code "i,ij,j->"}, and with an ellipsis for the axes not named, broadcast across operands as NumPy does:
     *     {@code "...ij,...jk->...ik"}
     * @param operands one tensor per term, all F32 or all F64
     * @return the contraction
     * @throws UnsupportedEinsumException for malformed subscripts, a term whose label count is not its operand's
     *     rank, or an output without {@code ...} while the operands' ellipsis covers axes
     */
    Tensor einsum(String subscripts, Tensor... operands);
}
