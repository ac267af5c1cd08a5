package bitnet.api.tensor;

import java.lang.foreign.MemorySegment;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Creates tensors in pooled memory. Every returned tensor is owned by the caller, who must close it.
 * Implementations are thread-safe.
 */
@ProviderType
public interface TensorFactory {

    /**
     * A tensor over memory the caller lends (for example a region of a memory-mapped file), without copying. The
     * tensor and its views read and write that memory directly; when the last of them is closed, {@code release}
     * runs once (on the closing thread), and only then may the caller unmap or reuse the memory.
     *
     * @param memory at least {@code dtype.byteSize(product(shape))} bytes, element 0 at its start; it must stay
     *     valid until {@code release} runs
     * @param dtype element type
     * @param shape extents, each at least 0
     * @param release run once when the last tensor over the memory is closed
     * @return a contiguous tensor owned by the caller
     * @throws ShapeMismatchException if the memory is smaller than the shape needs
     * @throws IllegalArgumentException on a negative extent
     */
    Tensor wrap(MemorySegment memory, DType dtype, long[] shape, Runnable release);

    /**
     * @param dtype element type
     * @param shape extents, each at least 0
     * @return a tensor with unspecified contents
     * @throws IllegalArgumentException on a negative extent or a size that overflows
     */
    Tensor empty(DType dtype, long... shape);

    /**
     * @param dtype element type
     * @param shape extents
     * @return a tensor of zeros
     */
    Tensor zeros(DType dtype, long... shape);

    /**
     * @param dtype element type
     * @param shape extents
     * @return a tensor of ones
     */
    Tensor ones(DType dtype, long... shape);

    /**
     * @param dtype element type
     * @param value fill value, rounded to the dtype
     * @param shape extents
     * @return a filled tensor
     */
    Tensor full(DType dtype, float value, long... shape);

    /**
     * {@code start, start+step, ...} up to but excluding {@code stop}, as NumPy's {@code arange}.
     *
     * @param dtype element type
     * @param start first value
     * @param stop exclusive end
     * @param step step, not zero
     * @return a rank-1 tensor
     */
    Tensor arange(DType dtype, double start, double stop, double step);

    /**
     * @param data values in row-major order
     * @param shape extents whose product equals {@code data.length}
     * @return an F32 tensor holding a copy of {@code data}
     * @throws ShapeMismatchException if the sizes differ
     */
    Tensor of(float[] data, long... shape);

    /**
     * @param data values in row-major order
     * @param shape extents whose product equals {@code data.length}
     * @return an I32 tensor holding a copy of {@code data}
     */
    Tensor of(int[] data, long... shape);

    /**
     * @param data values in row-major order
     * @param shape extents whose product equals {@code data.length}
     * @return an I8 tensor holding a copy of {@code data}
     */
    Tensor of(byte[] data, long... shape);

    /**
     * Uniform values in [0, 1) from a seeded generator: the same seed gives the same tensor on every run.
     *
     * @param dtype a floating dtype
     * @param seed generator seed
     * @param shape extents
     * @return a new tensor
     */
    Tensor rand(DType dtype, long seed, long... shape);

    /**
     * Standard normal values from a seeded generator.
     *
     * @param dtype a floating dtype
     * @param seed generator seed
     * @param shape extents
     * @return a new tensor
     */
    Tensor randn(DType dtype, long seed, long... shape);
}
