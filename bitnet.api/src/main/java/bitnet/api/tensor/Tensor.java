package bitnet.api.tensor;

import java.lang.foreign.MemorySegment;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An n-dimensional array over native memory.
 *
 * <p><b>Layout.</b> Element {@code (i0, ..., in-1)} lives at element index
 * {@code offset() + sum(ik * strides()[k])} of {@link #segment()}; strides are in elements and may be 0
 * (broadcast) or negative (reversed views). Packed dtypes ({@link DType#TERNARY}) are always contiguous.
 *
 * <p><b>Ownership.</b> A tensor owns a reference to pooled memory. Views ({@link #reshape}, {@link #permute},
 * {@link #slice}, ...) share that memory and hold their own reference; the memory returns to its pool when the
 * last tensor over it is closed. Using a closed tensor throws {@link TensorClosedException}.
 *
 * <p><b>Threading.</b> Reading a tensor from several threads is safe; writing the same elements from several
 * threads without synchronisation is not. {@link #close()} must not race with other use of the same object.
 */
@ProviderType
public interface Tensor extends AutoCloseable {

    /** @return the element type */
    DType dtype();

    /** @return the device holding the memory */
    Device device();

    /** @return a copy of the shape; length is the rank, a scalar has rank 0 */
    long[] shape();

    /**
     * @param axis an axis, negative counts from the end
     * @return the extent of that axis
     * @throws IllegalArgumentException if the axis is out of range
     */
    long dim(int axis);

    /** @return number of axes */
    int rank();

    /** @return a copy of the strides, in elements */
    long[] strides();

    /** @return the offset of element (0, ..., 0) in {@link #segment()}, in elements */
    long offset();

    /** @return the number of elements (product of the shape; 1 for a scalar, 0 if any axis is 0) */
    long size();

    /** @return true if elements are laid out in row-major order with no gaps, starting at the offset */
    boolean isContiguous();

    /**
     * The memory behind this tensor, shared with its views. The segment stays valid until the last tensor over
     * it is closed; callers must not keep it beyond the tensor's life and must not close it.
     *
     * @return the backing memory
     * @throws TensorClosedException if this tensor is closed
     */
    MemorySegment segment();

    /**
     * A view with a new shape over the same elements. One axis may be {@code -1} (inferred).
     * Needs a contiguous tensor; call {@link #contiguous()} first otherwise.
     *
     * @param shape the new shape
     * @return a view sharing memory
     * @throws ShapeMismatchException if the element count differs or the layout cannot be viewed so
     */
    Tensor reshape(long... shape);

    /**
     * A view with axes reordered: axis {@code k} of the result is axis {@code order[k]} of this tensor.
     *
     * @param order a permutation of {@code 0..rank-1}
     * @return a view sharing memory
     * @throws IllegalArgumentException if {@code order} is not a permutation
     */
    Tensor permute(int... order);

    /**
     * A view with two axes swapped.
     *
     * @param axis0 first axis (negative counts from the end)
     * @param axis1 second axis
     * @return a view sharing memory
     */
    Tensor transpose(int axis0, int axis1);

    /**
     * A view selecting along the leading axes; missing trailing axes are taken whole.
     *
     * @param slices one per leading axis
     * @return a view sharing memory (zero-copy)
     * @throws IndexOutOfBoundsException if an {@link Slice.Index} is out of range
     * @throws IllegalArgumentException if more slices than axes are given
     */
    Tensor slice(Slice... slices);

    /**
     * A read-only view broadcast to {@code shape} by NumPy rules (stride 0 on broadcast axes).
     *
     * @param shape the target shape
     * @return a view sharing memory
     * @throws ShapeMismatchException if this shape does not broadcast to {@code shape}
     */
    Tensor broadcastTo(long... shape);

    /**
     * This tensor if it is already contiguous (a new reference to the same memory), else a contiguous copy.
     * Either way the result must be closed by the caller.
     *
     * @return a contiguous tensor with the same elements
     */
    Tensor contiguous();

    /**
     * A copy converted to {@code dtype}, element by element: floating targets round to nearest even (F16/BF16
     * overflow to infinity, NaN and infinities kept); integer targets, {@link DType#TERNARY} (the integers -1, 0, 1)
     * and {@link DType#I4} included, round half to even and saturate at their range, and NaN becomes 0. So
     * {@code to(TERNARY)} maps 0.3 to 0, 0.7 to 1 and -5 to -1; it is a cast, not the absmean quantization of
     * BitNet weights (use {@code TensorOps.quantize} for that).
     *
     * @param dtype target element type
     * @return a new contiguous tensor
     * @throws UnsupportedDTypeException if the conversion is not supported
     */
    Tensor to(DType dtype);

    /**
     * The same bytes seen as another dtype, without copying, as NumPy's {@code ndarray.view(dtype)}: with an element
     * of the same width the shape and strides stay; otherwise the last axis is rescaled by the ratio of the widths
     * ({@code F32 [2, 4]} viewed as {@code I8} is {@code [2, 16]}; {@code I8 [6]} viewed as {@code TERNARY} is
     * {@code [24]}). The bit patterns are kept, not the values. The view holds its own reference to the memory.
     *
     * @param dtype the element type to see
     * @return a view sharing memory
     * @throws ShapeMismatchException if the layout does not allow it: a different width needs a last axis of
     *     stride 1 whose bytes divide into whole target elements, a start on a target element boundary, other
     *     strides that are whole target elements, and, where either dtype is below a byte, a contiguous tensor; a
     *     rank-0 tensor cannot change width (reshape it to {@code [1]} first)
     */
    Tensor view(DType dtype);

    /**
     * Reads one element as a float (integer types are converted exactly where representable).
     *
     * @param index one index per axis
     * @return the value
     * @throws IndexOutOfBoundsException if the index is out of range
     */
    float getFloat(long... index);

    /**
     * Writes one element from a float (rounded to the dtype: round-to-nearest-even for F16/BF16, saturating
     * for integer types).
     *
     * @param value the value
     * @param index one index per axis
     */
    void setFloat(float value, long... index);

    /**
     * @return all elements in row-major order, converted to float
     * @throws IllegalStateException if the tensor has more than {@code Integer.MAX_VALUE - 8} elements
     */
    float[] toFloatArray();

    /** Releases this reference; the memory returns to the pool when the last view is closed. Idempotent. */
    @Override
    void close();
}
