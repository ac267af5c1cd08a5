package bitnet.api.model;

import java.util.Objects;

import bitnet.api.tensor.Tensor;

/**
 * One BitLinear projection as a checkpoint holds it after loading: {@code y = (W_t · x_q) * scale / s_x}, where
 * {@code W_t} is ternary and {@code scale} multiplies (a checkpoint that stores the reciprocal, such as the
 * {@code bitlinear} linear class, is inverted at load).
 *
 * @param weights TERNARY {@code [out, in]}, row-major like {@code nn.Linear.weight}
 * @param scale F32 {@code [1]} (one per tensor) or {@code [out]} (one per row), finite and not negative
 */
public record TernaryLinear(Tensor weights, Tensor scale) implements AutoCloseable {
    /** @throws NullPointerException if a tensor is null */
    public TernaryLinear {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(scale, "scale");
    }

    /** @return output features */
    public long outFeatures() {
        return weights.dim(0);
    }

    /** @return input features */
    public long inFeatures() {
        return weights.dim(1);
    }

    @Override
    public void close() {
        weights.close();
        scale.close();
    }
}
