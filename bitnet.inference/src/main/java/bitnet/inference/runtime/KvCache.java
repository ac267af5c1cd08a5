package bitnet.inference.runtime;

import java.util.ArrayList;
import java.util.List;

import bitnet.api.model.ModelConfig;
import bitnet.api.ops.TensorOps;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Slice;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;

/**
 * One sequence's keys and values: per layer two pool tensors {@code [capacity, kvHeads, headDim]} of F32 or F16,
 * filled from position 0 upwards. Not thread-safe: a session uses its cache from one thread at a time.
 */
final class KvCache implements AutoCloseable {
    private final List<Tensor> keys = new ArrayList<>();
    private final List<Tensor> values = new ArrayList<>();
    private final int capacity;
    private final DType dtype;
    private int length;

    /**
     * @param factory allocates the cache from the pool
     * @param config the model
     * @param capacity positions to hold
     * @param dtype F32 or F16
     * @throws bitnet.api.memory.OutOfPoolMemoryException if the pool cannot hold it (nothing stays allocated)
     */
    KvCache(TensorFactory factory, ModelConfig config, int capacity, DType dtype) {
        this.capacity = capacity;
        this.dtype = dtype;
        try {
            for (int l = 0; l < config.layers(); l++) {
                keys.add(factory.empty(dtype, capacity, config.kvHeads(), config.headDim()));
                values.add(factory.empty(dtype, capacity, config.kvHeads(), config.headDim()));
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** @return positions held */
    int length() {
        return length;
    }

    /** @return positions the cache can hold */
    int capacity() {
        return capacity;
    }

    /** @return the element type of the cache */
    DType dtype() {
        return dtype;
    }

    /** @return bytes of pool memory the cache holds */
    long bytes() {
        long sum = 0;
        for (Tensor t : keys) {
            sum += 2 * t.dtype().byteSize(t.size());
        }
        return sum;
    }

    Tensor keys(int layer) {
        return keys.get(layer);
    }

    Tensor values(int layer) {
        return values.get(layer);
    }

    /** Writes one layer's new keys and values {@code [n, kvHeads, headDim]} at positions {@code start ..}. */
    void write(TensorOps ops, int layer, int start, Tensor k, Tensor v) {
        long n = k.dim(0);
        try (Tensor kd = keys.get(layer).slice(Slice.range(start, start + n));
                Tensor vd = values.get(layer).slice(Slice.range(start, start + n))) {
            ops.copy(k, kd);
            ops.copy(v, vd);
        }
    }

    /** Marks positions {@code 0 .. length-1} as held (after every layer wrote them). */
    void setLength(int newLength) {
        if (newLength < 0 || newLength > capacity) {
            throw new IllegalArgumentException("length " + newLength + " outside [0, " + capacity + "]");
        }
        length = newLength;
    }

    @Override
    public void close() {
        keys.forEach(Tensor::close);
        values.forEach(Tensor::close);
        keys.clear();
        values.clear();
    }
}
