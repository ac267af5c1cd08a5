package bitnet.backend.metal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LaunchTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 255, 256, 257, 1001, 65_537})
    void elementwiseCoversEveryElementWithLessThanOneGroupToSpare(long count) {
        Launch l = Launch.elementwise(count, 1024);
        assertEquals(256, l.threads().x());
        assertEquals((count + 255) / 256, l.groups().x());
        assertTrue(l.totalThreads() >= count && l.totalThreads() - count < 256);
        assertEquals(0, l.threadgroupMemory());
    }

    @Test
    void aSmallDeviceLimitNarrowsTheGroups() {
        Launch l = Launch.elementwise(1000, 64);
        assertEquals(64, l.threads().x());
        assertEquals(16, l.groups().x());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, 1L << 31})
    void noWorkOrTooMuchIsRefused(long count) {
        assertThrows(IllegalArgumentException.class, () -> Launch.elementwise(count, 256));
    }

    @Test
    void matmulTilesTheOutput() {
        Launch one = Launch.matmul(1, 1, 1);
        assertEquals(new Launch.Size3(1, 1, 1), one.groups());
        assertEquals(new Launch.Size3(16, 16, 1), one.threads());
        Launch odd = Launch.matmul(3, 17, 33);
        assertEquals(new Launch.Size3(3, 2, 3), odd.groups(), "x over n = 33, y over m = 17, z over batches");
        Launch exact = Launch.matmul(2, 32, 16);
        assertEquals(new Launch.Size3(1, 2, 2), exact.groups());
        assertThrows(IllegalArgumentException.class, () -> Launch.matmul(0, 4, 4));
        assertThrows(IllegalArgumentException.class, () -> Launch.matmul(1, 0, 4));
    }

    @Test
    void rowWidthsArePowersOfTwoBetween32AndTheLimit() {
        assertEquals(32, Launch.rows(5, 0, 1024).threads().x(), "an empty row still gets one SIMD group");
        assertEquals(32, Launch.rows(5, 1, 1024).threads().x());
        assertEquals(32, Launch.rows(5, 32, 1024).threads().x());
        assertEquals(64, Launch.rows(5, 33, 1024).threads().x());
        assertEquals(256, Launch.rows(5, 257, 1024).threads().x());
        assertEquals(256, Launch.rows(5, 100_000, 1024).threads().x());
        assertEquals(128, Launch.rows(5, 100_000, 192).threads().x(), "largest power of two under the limit");
        Launch l = Launch.rows(7, 100, 1024);
        assertEquals(new Launch.Size3(7, 1, 1), l.groups());
        assertEquals(128 * 4, l.threadgroupMemory(), "one float per thread for the reductions");
        assertThrows(IllegalArgumentException.class, () -> Launch.rows(1, 1, 16));
        assertThrows(IllegalArgumentException.class, () -> Launch.rows(0, 1, 256));
    }

    @Test
    void bitLinearAndTernaryGrids() {
        assertEquals(new Launch.Size3(1, 1, 1), Launch.bitLinear(1, 1).groups());
        assertEquals(new Launch.Size3(2, 3, 1), Launch.bitLinear(33, 17).groups());
        assertEquals(new Launch.Size3(32, 8, 1), Launch.bitLinear(33, 17).threads());
        assertEquals(1, Launch.ternaryQuantize(1, 256).groups().x());
        assertEquals(1, Launch.ternaryQuantize(1024, 256).groups().x(), "1024 weights are 256 bytes");
        assertEquals(2, Launch.ternaryQuantize(1025, 256).groups().x());
    }
}
