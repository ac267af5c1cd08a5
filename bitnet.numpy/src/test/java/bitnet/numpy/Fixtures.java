package bitnet.numpy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URISyntaxException;
import java.nio.file.Path;

import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;

/** A pool, a factory and the service over them, plus the value formulas of gen_fixtures.py. */
final class Fixtures {
    final HybridMemoryPool pool = HybridMemoryPool.withDefaults();
    final PooledTensorFactory factory = new PooledTensorFactory(pool);
    final NpyTensorIO io = new NpyTensorIO(factory);

    static Path resource(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/npy/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource npy/" + name + " is missing", e);
        }
    }

    /** The value gen_fixtures.py stores at flat C-order index {@code i} for a NumPy type. */
    static double expected(String numpyKind, long i) {
        return switch (numpyKind) {
            case "float" -> i * 0.25 - 1;
            case "int8" -> (i * 7) % 256 - 128;
            case "int32" -> i * 100003 - 500000;
            case "bool" -> i % 3 == 0 ? 1 : 0;
            default -> throw new IllegalArgumentException(numpyKind);
        };
    }

    /** Asserts dtype, shape, contiguity and every value against the fixture formula. */
    static void assertFixture(Tensor t, DType dtype, String numpyKind, long... shape) {
        assertEquals(dtype, t.dtype());
        assertEquals(java.util.Arrays.toString(shape), java.util.Arrays.toString(t.shape()));
        assertEquals(true, t.isContiguous());
        float[] values = t.toFloatArray();
        for (int i = 0; i < values.length; i++) {
            assertEquals((float) expected(numpyKind, i), values[i], 0f, "element " + i);
        }
    }

    void assertNoLeak() {
        assertEquals(0, pool.stats().liveBlocks(), "pool blocks still live: " + pool.stats());
    }
}
