package bitnet.api.linalg;

import java.util.List;
import java.util.Objects;

import bitnet.api.tensor.Tensor;

/**
 * {@code A = Q R} as {@code numpy.linalg.qr} returns it; see {@link QrMode} for the shapes.
 *
 * @param q Q with orthonormal columns, or null for {@link QrMode#R_ONLY}
 * @param r the upper triangular (trapezoidal) R
 */
public record QrFactors(Tensor q, Tensor r) implements TensorResults {
    /** @throws NullPointerException if r is null */
    public QrFactors {
        Objects.requireNonNull(r, "r");
    }

    @Override
    public List<Tensor> tensors() {
        return q == null ? List.of(r) : List.of(q, r);
    }
}
