package bitnet.api.linalg;

import java.util.List;
import java.util.Objects;

import bitnet.api.tensor.Tensor;

/**
 * {@code A = V diag(w) V^T} of symmetric matrices as {@code numpy.linalg.eigh} returns it.
 *
 * @param eigenvalues {@code (batch..., n)}, ascending
 * @param eigenvectors {@code (batch..., n, n)}, column j the unit eigenvector of eigenvalue j
 */
public record EighFactors(Tensor eigenvalues, Tensor eigenvectors) implements TensorResults {
    /** @throws NullPointerException if a tensor is null */
    public EighFactors {
        Objects.requireNonNull(eigenvalues, "eigenvalues");
        Objects.requireNonNull(eigenvectors, "eigenvectors");
    }

    @Override
    public List<Tensor> tensors() {
        return List.of(eigenvalues, eigenvectors);
    }
}
