package bitnet.api.linalg;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import bitnet.api.tensor.Tensor;

/**
 * Several result tensors of one operation, owned by the caller: closing the result closes every tensor in it.
 */
@ProviderType
public interface TensorResults extends AutoCloseable {
    /** @return the result tensors in the operation's documented order, absent factors left out */
    List<Tensor> tensors();

    /** Closes every tensor; closing twice is harmless (as it is for a tensor). */
    @Override
    default void close() {
        tensors().forEach(Tensor::close);
    }
}
