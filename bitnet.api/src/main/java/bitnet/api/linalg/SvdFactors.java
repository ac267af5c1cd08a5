package bitnet.api.linalg;

import java.util.List;
import java.util.Objects;

import bitnet.api.tensor.Tensor;

/**
 * {@code A = U diag(S) Vh} as {@code numpy.linalg.svd} returns it; see {@link SvdMode} for the shapes.
 *
 * @param u left singular vectors as columns, or null for {@link SvdMode#VALUES_ONLY}
 * @param s singular values {@code (batch..., min(m, n))}, descending, non-negative
 * @param vh right singular vectors as rows, or null for {@link SvdMode#VALUES_ONLY}
 */
public record SvdFactors(Tensor u, Tensor s, Tensor vh) implements TensorResults {
    /** @throws NullPointerException if s is null, or exactly one of u and vh is */
    public SvdFactors {
        Objects.requireNonNull(s, "s");
        if ((u == null) != (vh == null)) {
            throw new NullPointerException("u and vh are both present or both absent");
        }
    }

    @Override
    public List<Tensor> tensors() {
        return u == null ? List.of(s) : List.of(u, s, vh);
    }
}
