package bitnet.core.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import java.util.SplittableRandom;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import bitnet.api.memory.MemoryBlock;
import bitnet.api.memory.MemoryPool;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.ShapeMismatchException;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;
import bitnet.api.tensor.UnsupportedDTypeException;
import bitnet.quant.ElementCodec;

/** Creates tensors whose memory comes from the CPU {@link MemoryPool}. */
@Component(service = TensorFactory.class)
public final class PooledTensorFactory implements TensorFactory {
    private final MemoryPool pool;

    /** @param pool the CPU memory pool */
    @Activate
    public PooledTensorFactory(@Reference(target = "(" + MemoryPool.DEVICE_PROPERTY + "=cpu)") MemoryPool pool) {
        this.pool = pool;
    }

    /**
     * @param dtype element type
     * @param shape extents
     * @param zero whether to zero the memory
     * @return a contiguous tensor owned by the caller
     */
    public DenseTensor allocate(DType dtype, long[] shape, boolean zero) {
        long[] dims = shape.clone();
        long size = Shapes.size(dims);
        long bytes = dtype.byteSize(size);
        // A pool block has at least one byte; empty tensors still own one so that close() stays uniform.
        MemoryBlock block = zero ? pool.allocateZeroed(Math.max(1, bytes)) : pool.allocate(Math.max(1, bytes));
        return new DenseTensor(this, Storage.pooled(block, bytes), dtype, dims, Shapes.contiguousStrides(dims), 0);
    }

    @Override
    public Tensor wrap(MemorySegment memory, DType dtype, long[] shape, Runnable release) {
        Objects.requireNonNull(release, "release");
        long[] dims = shape.clone();
        long bytes = dtype.byteSize(Shapes.size(dims));
        if (memory.byteSize() < bytes) {
            throw new ShapeMismatchException(dtype + " " + Arrays.toString(dims) + " needs " + bytes
                    + " bytes but the memory holds " + memory.byteSize());
        }
        return new DenseTensor(this, Storage.lent(memory.asSlice(0, bytes), release), dtype, dims,
                Shapes.contiguousStrides(dims), 0);
    }

    @Override
    public Tensor empty(DType dtype, long... shape) {
        return allocate(dtype, shape, false);
    }

    @Override
    public Tensor zeros(DType dtype, long... shape) {
        return allocate(dtype, shape, true);
    }

    @Override
    public Tensor ones(DType dtype, long... shape) {
        return full(dtype, 1f, shape);
    }

    @Override
    public Tensor full(DType dtype, float value, long... shape) {
        DenseTensor t = allocate(dtype, shape, dtype.bitsPerElement() < 8);
        var segment = t.segment();
        for (long i = 0, n = t.size(); i < n; i++) {
            ElementCodec.set(segment, dtype, i, value);
        }
        return t;
    }

    @Override
    public Tensor arange(DType dtype, double start, double stop, double step) {
        if (step == 0 || Double.isNaN(step)) {
            throw new IllegalArgumentException("arange step must be a non-zero number, was " + step);
        }
        long n = Math.max(0, (long) Math.ceil((stop - start) / step));
        DenseTensor t = allocate(dtype, new long[] {n}, dtype.bitsPerElement() < 8);
        var segment = t.segment();
        for (long i = 0; i < n; i++) {
            ElementCodec.set(segment, dtype, i, start + i * step);
        }
        return t;
    }

    @Override
    public Tensor of(float[] data, long... shape) {
        checkSize(data.length, shape);
        DenseTensor t = allocate(DType.F32, shape, false);
        java.lang.foreign.MemorySegment.copy(data, 0, t.segment(),
                java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, 0, data.length);
        return t;
    }

    @Override
    public Tensor of(int[] data, long... shape) {
        checkSize(data.length, shape);
        DenseTensor t = allocate(DType.I32, shape, false);
        java.lang.foreign.MemorySegment.copy(data, 0, t.segment(),
                java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 0, data.length);
        return t;
    }

    @Override
    public Tensor of(byte[] data, long... shape) {
        checkSize(data.length, shape);
        DenseTensor t = allocate(DType.I8, shape, false);
        java.lang.foreign.MemorySegment.copy(data, 0, t.segment(), java.lang.foreign.ValueLayout.JAVA_BYTE, 0,
                data.length);
        return t;
    }

    private static void checkSize(int length, long[] shape) {
        long size = Shapes.size(shape);
        if (size != length) {
            throw new ShapeMismatchException("shape " + java.util.Arrays.toString(shape) + " holds " + size
                    + " elements but " + length + " values were given");
        }
    }

    @Override
    public Tensor rand(DType dtype, long seed, long... shape) {
        requireFloating("rand", dtype);
        DenseTensor t = allocate(dtype, shape, false);
        SplittableRandom random = new SplittableRandom(seed);
        var segment = t.segment();
        for (long i = 0, n = t.size(); i < n; i++) {
            ElementCodec.set(segment, dtype, i, random.nextFloat());
        }
        return t;
    }

    @Override
    public Tensor randn(DType dtype, long seed, long... shape) {
        requireFloating("randn", dtype);
        DenseTensor t = allocate(dtype, shape, false);
        Random random = new Random(seed);
        var segment = t.segment();
        for (long i = 0, n = t.size(); i < n; i++) {
            ElementCodec.set(segment, dtype, i, random.nextGaussian());
        }
        return t;
    }

    private static void requireFloating(String what, DType dtype) {
        if (!dtype.isFloating()) {
            throw new UnsupportedDTypeException(what + " needs a floating dtype, not " + dtype);
        }
    }
}
