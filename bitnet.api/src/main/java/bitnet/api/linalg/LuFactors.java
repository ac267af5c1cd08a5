package bitnet.api.linalg;

import java.util.List;
import java.util.Objects;

import bitnet.api.tensor.Tensor;

/**
 * LU with partial pivoting as {@code scipy.linalg.lu} returns it: {@code A = P L U}, each {@code (batch..., n, n)}.
 *
 * @param p the permutation matrices
 * @param l unit lower triangular factors
 * @param u upper triangular factors
 */
public record LuFactors(Tensor p, Tensor l, Tensor u) implements TensorResults {
    /** @throws NullPointerException if a tensor is null */
    public LuFactors {
        Objects.requireNonNull(p, "p");
        Objects.requireNonNull(l, "l");
        Objects.requireNonNull(u, "u");
    }

    @Override
    public List<Tensor> tensors() {
        return List.of(p, l, u);
    }
}
