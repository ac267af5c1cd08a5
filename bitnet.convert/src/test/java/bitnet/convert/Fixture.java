package bitnet.convert;

import java.util.SplittableRandom;

import bitnet.api.tensor.Tensor;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;

/** A fresh pool, factory and engine per test, built with {@code new}. */
final class Fixture implements AutoCloseable {
    final HybridMemoryPool pool = HybridMemoryPool.withDefaults();
    final PooledTensorFactory factory = new PooledTensorFactory(pool);
    final DefaultConversionEngine engine = new DefaultConversionEngine(factory);

    /** Seeded values in [-scale, scale). */
    static float[] values(long seed, int n, float scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return v;
    }

    Tensor tensor(float[] v, long... shape) {
        return factory.of(v, shape);
    }

    @Override
    public void close() {
        pool.close();
    }
}
