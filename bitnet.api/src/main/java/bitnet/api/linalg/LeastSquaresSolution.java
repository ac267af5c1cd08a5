package bitnet.api.linalg;

import java.util.List;
import java.util.Objects;

import bitnet.api.tensor.Tensor;

/**
 * The minimum-norm least-squares solution of {@code A X = B} as {@code numpy.linalg.lstsq} returns it.
 *
 * @param x the solution, {@code (n)} for a vector b, else {@code (n, k)}
 * @param residuals squared 2-norms of the columns of {@code B - A X}: {@code (k)} (shape {@code (1)} for a vector
 *     b), or shape {@code (0)} when the rank is below n or {@code m <= n}
 * @param rank the effective rank of A, an I32 scalar (shape {@code []})
 * @param singularValues the {@code min(m, n)} singular values of A, descending
 */
public record LeastSquaresSolution(Tensor x, Tensor residuals, Tensor rank, Tensor singularValues)
        implements TensorResults {
    /** @throws NullPointerException if a tensor is null */
    public LeastSquaresSolution {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(residuals, "residuals");
        Objects.requireNonNull(rank, "rank");
        Objects.requireNonNull(singularValues, "singularValues");
    }

    @Override
    public List<Tensor> tensors() {
        return List.of(x, residuals, rank, singularValues);
    }
}
