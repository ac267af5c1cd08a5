package bitnet.quant.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

/**
 * The kernel layouts ({@link TernaryMatrix}) of TERNARY weight tensors a backend has seen, so a layer run token
 * after token converts its weights once rather than on every call (the conversion costs several times the
 * matrix-vector product it feeds).
 *
 * <p>An entry is keyed by the identity of the weights' memory ({@link Tensor#segment()}, which the platform's
 * tensors share between a tensor and its views and create anew for every allocation, so memory returned to the
 * pool and handed out again never matches an old entry) and the element offset, and is checked against the shape,
 * the gammas and the lane count on every hit. Entries go when the memory object is garbage collected, or on
 * {@link #clear()}. The contract this relies on, stated on {@code TensorOps.bitLinear}: weight values are not
 * modified in place after a layer has used them.
 */
public final class PreparedWeights {
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final Map<Key, Prepared> entries = new HashMap<>();
    private long hits;
    private long misses;

    private record Prepared(TernaryMatrix matrix, long[] shape, float[] gammas, int lanes) {
    }

    /** A weak, identity-compared reference to a memory object, plus the tensor's element offset. */
    private static final class Key extends WeakReference<Object> {
        private final int hash;
        private final long offset;

        Key(Object memory, long offset, ReferenceQueue<Object> queue) {
            super(memory, queue);
            this.hash = System.identityHashCode(memory) * 31 + Long.hashCode(offset);
            this.offset = offset;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            Object referent = get();
            return o instanceof Key k && referent != null && k.get() == referent && k.offset == offset;
        }
    }

    /**
     * @param weights the TERNARY weight tensor
     * @param gammas its scales
     * @param lanes the lane count of the layout
     * @param build makes the layout on a miss
     * @return the cached layout, or a new one (then cached)
     */
    public TernaryMatrix get(Tensor weights, float[] gammas, int lanes, Supplier<TernaryMatrix> build) {
        TernaryMatrix hit = cached(weights, lanes, cached -> Arrays.equals(cached, gammas));
        return hit != null ? hit : prepare(weights, gammas, lanes, build);
    }

    /**
     * As {@link #get(Tensor, float[], int, Supplier)} with the gammas still in their tensor: a hit compares them
     * where they are, so a layer's call copies nothing to the heap once its layout is cached.
     *
     * @param weights the TERNARY weight tensor
     * @param gamma its F32 scales, {@code [rows]} or rank 0
     * @param lanes the lane count of the layout
     * @param build makes the layout from the gammas on a miss
     * @return the cached layout, or a new one (then cached)
     */
    public TernaryMatrix get(Tensor weights, Tensor gamma, int lanes, Function<float[], TernaryMatrix> build) {
        TernaryMatrix hit = cached(weights, lanes, cached -> same(cached, gamma));
        if (hit != null) {
            return hit;
        }
        float[] gammas = gamma.toFloatArray();
        return prepare(weights, gammas, lanes, () -> build.apply(gammas));
    }

    /** @return the layout cached for these weights and lanes whose gammas match, or null (a miss, counted) */
    private synchronized TernaryMatrix cached(Tensor weights, int lanes, Predicate<float[]> sameGammas) {
        expunge();
        Prepared p = entries.get(new Key(weights.segment(), weights.offset(), null));
        if (p != null && p.lanes() == lanes && Arrays.equals(p.shape(), weights.shape())
                && sameGammas.test(p.gammas())) {
            hits++;
            return p.matrix();
        }
        misses++;
        return null;
    }

    private TernaryMatrix prepare(Tensor weights, float[] gammas, int lanes, Supplier<TernaryMatrix> build) {
        // Built outside the lock: it takes milliseconds, and other layers' calls need not wait for it.
        TernaryMatrix matrix = build.get();
        synchronized (this) {
            entries.put(new Key(weights.segment(), weights.offset(), collected),
                    new Prepared(matrix, weights.shape(), gammas.clone(), lanes));
        }
        return matrix;
    }

    private static boolean same(float[] cached, Tensor gamma) {
        if (gamma.dtype() != DType.F32 || !gamma.isContiguous() || gamma.size() != cached.length) {
            return gamma.size() == cached.length && Arrays.equals(cached, gamma.toFloatArray());
        }
        MemorySegment m = gamma.segment();
        long base = gamma.offset() * Float.BYTES;
        for (int i = 0; i < cached.length; i++) {
            // Bit patterns, as Arrays.equals compares floats.
            if (Float.floatToIntBits(m.get(ValueLayout.JAVA_FLOAT_UNALIGNED, base + (long) i * Float.BYTES))
                    != Float.floatToIntBits(cached[i])) {
                return false;
            }
        }
        return true;
    }

    /** Forgets every layout (a backend calls this when it stops). */
    public synchronized void clear() {
        entries.clear();
        expunge();
    }

    /** @return the number of layouts held */
    public synchronized int size() {
        expunge();
        return entries.size();
    }

    /** @return calls answered from the cache */
    public synchronized long hits() {
        return hits;
    }

    /** @return calls that built a layout */
    public synchronized long misses() {
        return misses;
    }

    private void expunge() {
        for (Object k; (k = collected.poll()) != null;) {
            entries.remove(k);
        }
    }
}
