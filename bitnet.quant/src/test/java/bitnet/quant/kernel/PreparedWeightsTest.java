package bitnet.quant.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Proxy;

import org.junit.jupiter.api.Test;

import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

class PreparedWeightsTest {
    /** A tensor that only answers what the cache asks: its memory object, offset and shape. */
    private static Tensor tensor(MemorySegment memory, long offset, long... shape) {
        return (Tensor) Proxy.newProxyInstance(Tensor.class.getClassLoader(), new Class<?>[] {Tensor.class},
                (p, m, a) -> switch (m.getName()) {
                    case "segment" -> memory;
                    case "offset" -> offset;
                    case "shape" -> shape.clone();
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static TernaryMatrix matrix() {
        return TernaryMatrix.of(new byte[] {1, 0, -1, 1}, 2, 2, new float[] {1f}, 16);
    }

    @Test
    void hitsOnTheSameMemoryAndMissesOnAnythingThatDiffers() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(64);
            MemorySegment sameAddressOtherObject = a.asSlice(0, 64);
            PreparedWeights cache = new PreparedWeights();
            float[] g = {0.5f};
            TernaryMatrix first = cache.get(tensor(a, 0, 2, 2), g, 16, PreparedWeightsTest::matrix);
            assertSame(first, cache.get(tensor(a, 0, 2, 2), g, 16, PreparedWeightsTest::matrix));
            assertEquals(1, cache.hits());
            // Another allocation at the same address (memory reused by the pool) is another object: a miss.
            assertNotSame(first, cache.get(tensor(sameAddressOtherObject, 0, 2, 2), g, 16, PreparedWeightsTest::matrix));
            assertNotSame(first, cache.get(tensor(a, 4, 2, 2), g, 16, PreparedWeightsTest::matrix));
            TernaryMatrix newGamma = cache.get(tensor(a, 0, 2, 2), new float[] {0.25f}, 16, PreparedWeightsTest::matrix);
            assertNotSame(first, newGamma);
            assertNotSame(newGamma, cache.get(tensor(a, 0, 2, 2), new float[] {0.25f}, 32, PreparedWeightsTest::matrix));
            assertNotSame(first, cache.get(tensor(a, 0, 4, 1), g, 16, PreparedWeightsTest::matrix));
            assertEquals(6, cache.misses());
            cache.clear();
            assertEquals(0, cache.size());
        }
    }

    /** An F32 gamma tensor over {@code memory}, as the decode path passes it. */
    private static Tensor gamma(MemorySegment memory, int count) {
        return (Tensor) Proxy.newProxyInstance(Tensor.class.getClassLoader(), new Class<?>[] {Tensor.class},
                (p, m, a) -> switch (m.getName()) {
                    case "segment" -> memory;
                    case "offset" -> 0L;
                    case "dtype" -> DType.F32;
                    case "isContiguous" -> true;
                    case "size" -> (long) count;
                    case "toFloatArray" -> memory.asSlice(0, 4L * count).toArray(ValueLayout.JAVA_FLOAT);
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void gammasInATensorHitWhileTheirValuesStayAndMissWhenOneChanges() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(64);
            MemorySegment g = arena.allocate(8);
            g.setAtIndex(ValueLayout.JAVA_FLOAT, 0, 0.5f);
            g.setAtIndex(ValueLayout.JAVA_FLOAT, 1, 2f);
            PreparedWeights cache = new PreparedWeights();
            float[][] built = new float[1][];
            TernaryMatrix first = cache.get(tensor(a, 0, 2, 2), gamma(g, 2), 16, gs -> {
                built[0] = gs;
                return matrix();
            });
            assertArrayEquals(new float[] {0.5f, 2f}, built[0]);
            assertSame(first, cache.get(tensor(a, 0, 2, 2), gamma(g, 2), 16, gs -> matrix()));
            assertEquals(1, cache.hits());
            g.setAtIndex(ValueLayout.JAVA_FLOAT, 1, -2f);
            assertNotSame(first, cache.get(tensor(a, 0, 2, 2), gamma(g, 2), 16, gs -> {
                built[0] = gs;
                return matrix();
            }));
            assertArrayEquals(new float[] {0.5f, -2f}, built[0]);
            // The same values as the float[] form cached them are a hit for it too.
            assertSame(cache.get(tensor(a, 0, 2, 2), new float[] {0.5f, -2f}, 16, PreparedWeightsTest::matrix),
                    cache.get(tensor(a, 0, 2, 2), gamma(g, 2), 16, gs -> matrix()));
        }
    }
}
