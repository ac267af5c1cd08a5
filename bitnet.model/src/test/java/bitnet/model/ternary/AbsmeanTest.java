package bitnet.model.ternary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.Test;

/** Absmean quantization of latent weights, expected values worked out by hand. */
class AbsmeanTest {

    private static RowSource rows(float[][] m) {
        return (row, into) -> System.arraycopy(m[(int) row], 0, into, 0, into.length);
    }

    @Test
    void scaleIsTheMeanMagnitudeAndTritsRoundAndClamp() {
        try (Arena arena = Arena.ofConfined()) {
            // mean(|W|) = (0.1 + 0.4 + 0 + 0.9 + 0.2 + 0.2 + 0.35 + 0.65) / 8 = 2.8 / 8 = 0.35
            // W / 0.35 = 0.29, -1.14, 0, 2.57 | -0.57, 0.57, 1.0, -1.86 -> 0, -1, 0, 1 | -1, 1, 1, -1
            float[][] w = {{0.1f, -0.4f, 0f, 0.9f}, {-0.2f, 0.2f, 0.35f, -0.65f}};
            MemorySegment dst = arena.allocate(2);
            float scale = Absmean.quantize(rows(w), 2, 4, dst);
            assertEquals(0.35f, scale, 1e-7f);
            assertArrayEquals(new byte[] {0, -1, 0, 1, -1, 1, 1, -1}, Bytes.trits(dst, 8));
        }
    }

    @Test
    void halvesRoundToEven() {
        try (Arena arena = Arena.ofConfined()) {
            // mean = (0.5 + 0.5 + 3 + 0) / 4 = 1: W / 1 = 0.5 -> 0 (half to even), -0.5 -> -0 -> 0, 3 -> 1 (clamp)
            MemorySegment dst = arena.allocate(1);
            assertEquals(1f, Absmean.quantize(rows(new float[][] {{0.5f, -0.5f, 3f, 0f}}), 1, 4, dst));
            assertArrayEquals(new byte[] {0, 0, 1, 0}, Bytes.trits(dst, 4));
        }
    }

    @Test
    void tinyWeightsUseTheFloorScale() {
        try (Arena arena = Arena.ofConfined()) {
            // mean = (1e-7 + 2e-5) / 4 ~ 5e-6 < 1e-5: scale 1e-5; W / 1e-5 = 0.01, -2 -> 0, -1
            MemorySegment dst = arena.allocate(1);
            assertEquals(1e-5f, Absmean.quantize(rows(new float[][] {{1e-7f, -2e-5f, 0f, 0f}}), 1, 4, dst));
            assertArrayEquals(new byte[] {0, -1, 0, 0}, Bytes.trits(dst, 4));
        }
    }

    @Test
    void nonFiniteWeightsGiveNaN() {
        try (Arena arena = Arena.ofConfined()) {
            assertTrue(Float.isNaN(Absmean.quantize(rows(new float[][] {{1f, Float.NaN}}), 1, 2,
                    arena.allocate(1))));
        }
    }
}
