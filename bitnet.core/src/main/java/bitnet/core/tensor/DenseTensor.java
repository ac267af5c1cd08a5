package bitnet.core.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

import bitnet.api.tensor.DType;
import bitnet.api.tensor.Device;
import bitnet.api.tensor.ShapeMismatchException;
import bitnet.api.tensor.Slice;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorClosedException;
import bitnet.api.tensor.UnsupportedDTypeException;
import bitnet.quant.ElementCodec;

/** The platform's tensor: a strided view over reference-counted pooled memory. */
public final class DenseTensor implements Tensor {
    private final PooledTensorFactory factory;
    private final Storage storage;
    private final DType dtype;
    private final long[] shape;
    private final long[] strides;
    private final long offset;
    private final long size;
    private final AtomicBoolean closed = new AtomicBoolean();

    DenseTensor(PooledTensorFactory factory, Storage storage, DType dtype, long[] shape, long[] strides, long offset) {
        this.factory = factory;
        this.storage = storage;
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.size = Shapes.size(shape);
    }

    /**
     * A new view over the same memory with an explicit layout; the caller guarantees it stays inside the memory.
     *
     * @param newShape extents
     * @param newStrides strides in elements
     * @param newOffset offset in elements
     * @return a view holding its own reference
     */
    public DenseTensor view(long[] newShape, long[] newStrides, long newOffset) {
        checkOpen();
        if (dtype.bitsPerElement() < 8 && !isContiguousLayout(newShape, newStrides)) {
            throw new UnsupportedDTypeException(dtype + " tensors are packed below one byte per element and support only contiguous views");
        }
        storage.retain();
        return new DenseTensor(factory, storage, dtype, newShape, newStrides, newOffset);
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public long dim(int axis) {
        return shape[Shapes.axis(axis, shape.length)];
    }

    @Override
    public int rank() {
        return shape.length;
    }

    @Override
    public long[] strides() {
        return strides.clone();
    }

    @Override
    public long offset() {
        return offset;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public boolean isContiguous() {
        return isContiguousLayout(shape, strides);
    }

    private static boolean isContiguousLayout(long[] shape, long[] strides) {
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 0) {
                return true;
            }
            if (shape[i] != 1 && strides[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    @Override
    public MemorySegment segment() {
        checkOpen();
        return storage.segment();
    }

    @Override
    public Tensor reshape(long... newShape) {
        long[] target = newShape.clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == -1) {
                if (inferred >= 0) {
                    throw new ShapeMismatchException("reshape to " + Arrays.toString(newShape)
                            + ": only one axis may be -1");
                }
                inferred = i;
            } else if (target[i] < 0) {
                throw new ShapeMismatchException("reshape to " + Arrays.toString(newShape) + ": negative extent");
            } else {
                known *= target[i];
            }
        }
        if (inferred >= 0) {
            if (known == 0 || size % known != 0) {
                throw new ShapeMismatchException("cannot reshape " + Arrays.toString(shape) + " to "
                        + Arrays.toString(newShape));
            }
            target[inferred] = size / known;
        }
        if (Shapes.size(target) != size) {
            throw new ShapeMismatchException("cannot reshape " + Arrays.toString(shape) + " (" + size
                    + " elements) to " + Arrays.toString(newShape) + " (" + Shapes.size(target) + " elements)");
        }
        if (!isContiguous()) {
            throw new ShapeMismatchException("cannot reshape a non-contiguous view of shape " + Arrays.toString(shape)
                    + " without copying; call contiguous() first");
        }
        return view(target, Shapes.contiguousStrides(target), offset);
    }

    @Override
    public Tensor permute(int... order) {
        if (order.length != shape.length) {
            throw new IllegalArgumentException("permute needs " + shape.length + " axes, got "
                    + Arrays.toString(order));
        }
        boolean[] seen = new boolean[order.length];
        long[] newShape = new long[order.length];
        long[] newStrides = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            int axis = Shapes.axis(order[i], shape.length);
            if (seen[axis]) {
                throw new IllegalArgumentException("permute order " + Arrays.toString(order) + " repeats axis "
                        + axis);
            }
            seen[axis] = true;
            newShape[i] = shape[axis];
            newStrides[i] = strides[axis];
        }
        return view(newShape, newStrides, offset);
    }

    @Override
    public Tensor transpose(int axis0, int axis1) {
        int[] order = new int[shape.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int a = Shapes.axis(axis0, shape.length);
        int b = Shapes.axis(axis1, shape.length);
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    @Override
    public Tensor slice(Slice... slices) {
        if (slices.length > shape.length) {
            throw new IllegalArgumentException(slices.length + " slices given for a tensor of rank " + shape.length);
        }
        long[] newShape = new long[shape.length];
        long[] newStrides = new long[shape.length];
        int rank = 0;
        long newOffset = offset;
        for (int i = 0; i < shape.length; i++) {
            Slice s = i < slices.length ? slices[i] : Slice.all();
            long n = shape[i];
            switch (s) {
                case Slice.Full f -> {
                    newShape[rank] = n;
                    newStrides[rank++] = strides[i];
                }
                case Slice.Index(long index) -> {
                    long at = index < 0 ? index + n : index;
                    if (at < 0 || at >= n) {
                        throw new IndexOutOfBoundsException("index " + index + " is out of range for axis " + i
                                + " with extent " + n);
                    }
                    newOffset += at * strides[i];
                }
                case Slice.Range r -> {
                    long step = r.step();
                    long start;
                    long stop;
                    if (step > 0) {
                        start = clip(r.start(), n, 0, 0, n);
                        stop = clip(r.stop(), n, n, 0, n);
                    } else {
                        start = clip(r.start(), n, n - 1, -1, n - 1);
                        stop = clip(r.stop(), n, -1, -1, n - 1);
                    }
                    long len = step > 0 ? Math.max(0, (stop - start + step - 1) / step)
                            : Math.max(0, (start - stop - step - 1) / -step);
                    if (len > 0) {
                        newOffset += start * strides[i];
                    }
                    newShape[rank] = len;
                    newStrides[rank++] = strides[i] * step;
                }
            }
        }
        return view(Arrays.copyOf(newShape, rank), Arrays.copyOf(newStrides, rank), newOffset);
    }

    // NumPy's bound rule: null takes the natural default, negatives count from the end, then clip to [lo, hi].
    private static long clip(Long bound, long n, long dflt, long lo, long hi) {
        if (bound == null) {
            return dflt;
        }
        long b = bound < 0 ? bound + n : bound;
        return Math.max(lo, Math.min(hi, b));
    }

    @Override
    public Tensor broadcastTo(long... target) {
        if (target.length < shape.length) {
            throw new ShapeMismatchException("cannot broadcast " + Arrays.toString(shape) + " to "
                    + Arrays.toString(target) + ": target has fewer axes");
        }
        long[] newStrides = new long[target.length];
        int lead = target.length - shape.length;
        for (int i = 0; i < target.length; i++) {
            if (i < lead) {
                newStrides[i] = 0;
                continue;
            }
            long d = shape[i - lead];
            if (d == target[i]) {
                newStrides[i] = strides[i - lead];
            } else if (d == 1) {
                newStrides[i] = 0;
            } else {
                throw new ShapeMismatchException("cannot broadcast " + Arrays.toString(shape) + " to "
                        + Arrays.toString(target) + ": axis " + i + " has extent " + d + ", target " + target[i]);
            }
        }
        return view(target.clone(), newStrides, offset);
    }

    @Override
    public Tensor contiguous() {
        if (isContiguous()) {
            return view(shape.clone(), strides.clone(), offset);
        }
        DenseTensor copy = factory.allocate(dtype, shape, false);
        copyInto(copy);
        return copy;
    }

    @Override
    public Tensor view(DType target) {
        checkOpen();
        int from = dtype.bitsPerElement();
        int to = target.bitsPerElement();
        if (from == to) {
            storage.retain();
            return new DenseTensor(factory, storage, target, shape.clone(), strides.clone(), offset);
        }
        String what = "cannot view " + dtype + " " + Arrays.toString(shape) + " as " + target + ": ";
        int rank = shape.length;
        if (rank == 0) {
            throw new ShapeMismatchException(what + "a scalar cannot change its element width; reshape it to [1]");
        }
        if ((from < 8 || to < 8) && !isContiguous()) {
            throw new ShapeMismatchException(what + "a dtype below one byte per element needs a contiguous tensor; "
                    + "call contiguous() first");
        }
        if (shape[rank - 1] > 1 && strides[rank - 1] != 1) {
            throw new ShapeMismatchException(what + "the last axis must have stride 1; call contiguous() first");
        }
        long lastBits = Math.multiplyExact(shape[rank - 1], (long) from);
        if (lastBits % to != 0) {
            throw new ShapeMismatchException(what + "the last axis holds " + lastBits + " bits, not a whole number of "
                    + to + "-bit elements");
        }
        long offsetBits = Math.multiplyExact(offset, (long) from);
        if (offsetBits % to != 0) {
            throw new ShapeMismatchException(what + "the view starts at bit " + offsetBits + ", not on a " + to
                    + "-bit element boundary");
        }
        long[] newShape = shape.clone();
        long[] newStrides = new long[rank];
        newShape[rank - 1] = lastBits / to;
        newStrides[rank - 1] = 1;
        for (int i = 0; i < rank - 1; i++) {
            long bits = Math.multiplyExact(strides[i], (long) from);
            if (bits % to != 0 && shape[i] > 1) {
                throw new ShapeMismatchException(what + "axis " + i + " steps " + bits + " bits, not a whole number of "
                        + to + "-bit elements");
            }
            newStrides[i] = bits / to;
        }
        storage.retain();
        return new DenseTensor(factory, storage, target, newShape, newStrides, offsetBits / to);
    }

    @Override
    public Tensor to(DType target) {
        DenseTensor copy = factory.allocate(target, shape, target.bitsPerElement() < 8);
        copyInto(copy);
        return copy;
    }

    /** Copies every element, in row-major order, into a contiguous tensor of the same shape. */
    void copyInto(DenseTensor target) {
        if (size == 0) {
            // An empty view's offset may point past its memory; there is nothing to copy.
            return;
        }
        MemorySegment src = segment();
        MemorySegment dst = target.segment();
        if (dtype == target.dtype && dtype.bitsPerElement() >= 8 && isContiguous() && target.isContiguous()) {
            long bytes = dtype.byteSize(size);
            MemorySegment.copy(src, dtype.byteSize(offset), dst, dtype.byteSize(target.offset), bytes);
            return;
        }
        copyStrided(this, target);
    }

    /**
     * Copies {@code source}'s elements into this tensor's (same shape, any layouts, converting dtypes).
     *
     * @param source a tensor of the same shape
     * @throws ShapeMismatchException if the shapes differ
     */
    public void copyFrom(Tensor source) {
        if (!Arrays.equals(shape, source.shape())) {
            throw new ShapeMismatchException("cannot copy " + Arrays.toString(source.shape()) + " into "
                    + Arrays.toString(shape));
        }
        if (!(source instanceof DenseTensor d)) {
            throw new IllegalArgumentException("tensor " + source + " was not created by the platform's factory");
        }
        d.copyInto(this);
    }

    private static void copyStrided(DenseTensor from, DenseTensor to) {
        MemorySegment src = from.segment();
        MemorySegment dst = to.segment();
        long[] shape = from.shape;
        long[] index = new long[shape.length];
        long at = from.offset;
        long put = to.offset;
        for (long i = 0; i < from.size; i++) {
            ElementCodec.set(dst, to.dtype, put, ElementCodec.get(src, from.dtype, at));
            for (int d = shape.length - 1; d >= 0; d--) {
                at += from.strides[d];
                put += to.strides[d];
                if (++index[d] < shape[d]) {
                    break;
                }
                at -= from.strides[d] * shape[d];
                put -= to.strides[d] * shape[d];
                index[d] = 0;
            }
        }
    }

    private long elementIndex(long[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("expected " + shape.length + " indices, got " + index.length);
        }
        long at = offset;
        for (int i = 0; i < index.length; i++) {
            long k = index[i] < 0 ? index[i] + shape[i] : index[i];
            if (k < 0 || k >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + index[i] + " is out of range for axis " + i
                        + " with extent " + shape[i]);
            }
            at += k * strides[i];
        }
        return at;
    }

    @Override
    public float getFloat(long... index) {
        return (float) ElementCodec.get(segment(), dtype, elementIndex(index));
    }

    @Override
    public void setFloat(float value, long... index) {
        ElementCodec.set(segment(), dtype, elementIndex(index), value);
    }

    @Override
    public float[] toFloatArray() {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("tensor of " + size + " elements does not fit a Java array");
        }
        float[] out = new float[(int) size];
        MemorySegment src = segment();
        long[] index = new long[shape.length];
        long at = offset;
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ElementCodec.get(src, dtype, at);
            for (int d = shape.length - 1; d >= 0; d--) {
                at += strides[d];
                if (++index[d] < shape[d]) {
                    break;
                }
                at -= strides[d] * shape[d];
                index[d] = 0;
            }
        }
        return out;
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new TensorClosedException("tensor " + dtype + Arrays.toString(shape) + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            storage.release();
        }
    }

    @Override
    public String toString() {
        return "Tensor[" + dtype + " " + Arrays.toString(shape) + (closed.get() ? ", closed" : "") + "]";
    }
}
