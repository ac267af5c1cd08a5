package bitnet.api.linalg;

import java.util.List;
import java.util.Objects;

import bitnet.api.tensor.Tensor;

/**
 * {@code det = sign * exp(logAbsDet)} as {@code numpy.linalg.slogdet} returns it; a singular matrix has sign 0 and
 * logAbsDet -infinity.
 *
 * @param sign {@code (batch...)}: +1, -1 or 0
 * @param logAbsDet {@code (batch...)}: natural logarithm of |det|
 */
public record SignedLogDeterminant(Tensor sign, Tensor logAbsDet) implements TensorResults {
    /** @throws NullPointerException if a tensor is null */
    public SignedLogDeterminant {
        Objects.requireNonNull(sign, "sign");
        Objects.requireNonNull(logAbsDet, "logAbsDet");
    }

    @Override
    public List<Tensor> tensors() {
        return List.of(sign, logAbsDet);
    }
}
