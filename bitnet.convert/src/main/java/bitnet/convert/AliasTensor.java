package bitnet.convert;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import bitnet.api.convert.ConversionOptions;
import bitnet.api.convert.ConversionStrategy;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Device;
import bitnet.api.tensor.ShapeMismatchException;
import bitnet.api.tensor.Slice;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorClosedException;
import bitnet.quant.SubByteCodes;

/**
 * The result of an in-place conversion: the source's memory seen as another dtype. The tensor factory cannot
 * make a tensor of one dtype over another tensor's memory, so the engine provides this one; it holds a reference
 * to the source's memory (a view of the source) and releases it when it and all its views are closed. Views,
 * element access and {@link #to}/{@link #contiguous} behave as the platform's tensors do; {@code to} converts with
 * {@link ConversionStrategy#DIRECT}.
 */
final class AliasTensor implements Tensor {
    private final Shared shared;
    private final DType dtype;
    private final long[] shape;
    private final long[] strides;
    private final long offset;
    private final long size;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** The source memory kept alive, counted over every alias view. */
    private static final class Shared {
        final Tensor keeper;
        final DefaultConversionEngine engine;
        final AtomicInteger references = new AtomicInteger(1);

        Shared(Tensor keeper, DefaultConversionEngine engine) {
            this.keeper = keeper;
            this.engine = engine;
        }
    }

    AliasTensor(Tensor keeper, DefaultConversionEngine engine, DType dtype, long[] shape, long offset) {
        this(new Shared(keeper, engine), dtype, shape, contiguousStrides(shape), offset);
    }

    private AliasTensor(Shared shared, DType dtype, long[] shape, long[] strides, long offset) {
        this.shared = shared;
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        this.size = n;
    }

    static long[] contiguousStrides(long[] shape) {
        long[] s = new long[shape.length];
        long stride = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = stride;
            stride *= Math.max(1, shape[i]);
        }
        return s;
    }

    private AliasTensor view(long[] newShape, long[] newStrides, long newOffset) {
        checkOpen();
        if (dtype.bitsPerElement() < 8 && !contiguousLayout(newShape, newStrides)) {
            throw new ShapeMismatchException(dtype + " tensors are packed below a byte per element and support only "
                    + "contiguous views");
        }
        int r;
        do {
            r = shared.references.get();
            if (r <= 0) {
                throw new TensorClosedException("tensor memory was already released");
            }
        } while (!shared.references.compareAndSet(r, r + 1));
        return new AliasTensor(shared, dtype, newShape, newStrides, newOffset);
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public Device device() {
        return shared.keeper.device();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public long dim(int axis) {
        return shape[axis(axis)];
    }

    private int axis(int axis) {
        int a = axis < 0 ? axis + shape.length : axis;
        if (a < 0 || a >= shape.length) {
            throw new IllegalArgumentException("axis " + axis + " is out of range for rank " + shape.length);
        }
        return a;
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
        return contiguousLayout(shape, strides);
    }

    private static boolean contiguousLayout(long[] shape, long[] strides) {
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
        return shared.keeper.segment();
    }

    @Override
    public Tensor reshape(long... newShape) {
        long[] target = newShape.clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == -1 && inferred < 0) {
                inferred = i;
            } else if (target[i] < 0) {
                throw new ShapeMismatchException("reshape to " + Arrays.toString(newShape) + ": bad extent");
            } else {
                known *= target[i];
            }
        }
        if (inferred >= 0) {
            target[inferred] = known == 0 ? 0 : size / known;
        }
        long n = 1;
        for (long d : target) {
            n *= d;
        }
        if (n != size || !isContiguous()) {
            throw new ShapeMismatchException("cannot reshape " + Arrays.toString(shape) + " to "
                    + Arrays.toString(newShape) + (n != size ? ": element counts differ" : ": not contiguous"));
        }
        return view(target, contiguousStrides(target), offset);
    }

    @Override
    public Tensor permute(int... order) {
        if (order.length != shape.length) {
            throw new IllegalArgumentException("permute needs " + shape.length + " axes, got " + Arrays.toString(order));
        }
        boolean[] seen = new boolean[order.length];
        long[] newShape = new long[order.length];
        long[] newStrides = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            int a = axis(order[i]);
            if (seen[a]) {
                throw new IllegalArgumentException("permute order " + Arrays.toString(order) + " repeats axis " + a);
            }
            seen[a] = true;
            newShape[i] = shape[a];
            newStrides[i] = strides[a];
        }
        return view(newShape, newStrides, offset);
    }

    @Override
    public Tensor transpose(int axis0, int axis1) {
        int[] order = new int[shape.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int a = axis(axis0);
        int b = axis(axis1);
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
                    long start = step > 0 ? clip(r.start(), n, 0, 0, n) : clip(r.start(), n, n - 1, -1, n - 1);
                    long stop = step > 0 ? clip(r.stop(), n, n, 0, n) : clip(r.stop(), n, -1, -1, n - 1);
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

    // NumPy's bound rule, as the platform's tensors apply it.
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
        for (int i = lead; i < target.length; i++) {
            long d = shape[i - lead];
            if (d == target[i]) {
                newStrides[i] = strides[i - lead];
            } else if (d != 1) {
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
        return to(dtype);
    }

    @Override
    public Tensor to(DType target) {
        checkOpen();
        return shared.engine.copy(this, target, ConversionOptions.of(ConversionStrategy.DIRECT)).tensor();
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
        return (float) Codec.get(segment(), dtype, elementIndex(index));
    }

    @Override
    public void setFloat(float value, long... index) {
        long at = elementIndex(index);
        MemorySegment segment = segment();
        if (dtype == DType.TERNARY) {
            SubByteCodes.setTrit(segment, at, Rounding.nearest(value, -1, 1));
            return;
        }
        Encoder.encode(Planner.direct(DType.F32, dtype), new double[] {value}, 1, 0, segment, at);
    }

    @Override
    public float[] toFloatArray() {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("tensor of " + size + " elements does not fit a Java array");
        }
        double[] values = new double[(int) size];
        SourceWalk walk = new SourceWalk(this);
        walk.seek(0);
        walk.next(values, values.length);
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values[i];
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
        if (closed.compareAndSet(false, true) && shared.references.decrementAndGet() == 0) {
            shared.keeper.close();
        }
    }

    @Override
    public String toString() {
        return "Tensor[" + dtype + " " + Arrays.toString(shape) + " in place" + (closed.get() ? ", closed" : "") + "]";
    }
}
