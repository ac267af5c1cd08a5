package bitnet.backend.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The SGEMM micro-kernel and the packing against scalar references on seeded data, at every tile edge.
 * Run by Maven at each vector width, like {@link SimdAgainstCpuTest}.
 */
class GemmKernelTest {
    private static final int MR = GemmKernel.MR;
    private static final int NR = GemmKernel.NR;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    /** Float sums of kc products of values in [-1, 1) in different orders. */
    private static final float ATOL = 1e-5f;

    private static float[] random(long seed, int length) {
        Random r = new Random(seed);
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = r.nextFloat() * 2 - 1;
        }
        return x;
    }

    // The vector loads of packB need native (or byte[]) memory, as tensors have.
    private static MemorySegment copy(Arena arena, float[] x) {
        MemorySegment s = arena.allocate((long) x.length * Float.BYTES);
        MemorySegment.copy(x, 0, s, F, 0, x.length);
        return s;
    }

    @ParameterizedTest(name = "kc={0} rows={1} cols={2} accumulate={3}")
    @CsvSource({"1, 4, -1, false", "7, 4, -1, true", "300, 4, -1, false", "5, 1, 1, false", "5, 3, -2, true",
        "9, 2, -3, false", "2, 4, 1, true"})
    void tileMatchesScalarReference(int kc, int rows, int colsFromNr, boolean accumulate) {
        int cols = colsFromNr > 0 ? colsFromNr : NR + 1 + colsFromNr;
        float[] ap = random(1, 3 + MR * kc);
        float[] bp = random(2, 5 + NR * kc);
        long ldc = NR + 3;
        long cOff = 2;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment c = arena.allocate((cOff + MR * ldc) * Float.BYTES);
            float[] before = random(3, (int) (cOff + MR * ldc));
            MemorySegment.copy(before, 0, c, F, 0, before.length);
            GemmKernel.tile(ap, 3, bp, 5, kc, c, cOff, ldc, rows, cols, accumulate, new float[MR * NR]);
            for (int i = 0; i < MR; i++) {
                for (int j = 0; j < ldc; j++) {
                    int at = (int) (cOff + i * ldc + j);
                    float expected = before[at];
                    if (i < rows && j < cols) {
                        float sum = 0;
                        for (int p = 0; p < kc; p++) {
                            sum += ap[3 + p * MR + i] * bp[5 + p * NR + j];
                        }
                        expected = accumulate ? expected + sum : sum;
                    }
                    assertEquals(expected, c.getAtIndex(F, at), ATOL, "c[" + i + "][" + j + "]");
                }
            }
        }
    }

    @ParameterizedTest(name = "mc={0} kc={1} transposed={2}")
    @CsvSource({"1, 1, false", "4, 3, false", "5, 3, true", "11, 6, false", "13, 2, true"})
    void packAInterleavesRowsAndZeroesTheEdge(int mc, int kc, boolean transposed) {
        int m = mc + 2;
        int k = kc + 3;
        float[] a = random(4, m * k);
        long rowStride = transposed ? 1 : k;
        long colStride = transposed ? m : 1;
        int slices = (mc + MR - 1) / MR;
        float[] dst = random(5, slices * MR * kc);
        try (Arena arena = Arena.ofConfined()) {
            GemmPack.packA(copy(arena, a), 1, rowStride, colStride, mc, kc, dst);
        }
        for (int s = 0; s < slices; s++) {
            for (int p = 0; p < kc; p++) {
                for (int i = 0; i < MR; i++) {
                    int row = s * MR + i;
                    float expected = row < mc ? a[(int) (1 + row * rowStride + p * colStride)] : 0f;
                    assertEquals(expected, dst[s * MR * kc + p * MR + i], "slice " + s + " p " + p + " i " + i);
                }
            }
        }
    }

    @ParameterizedTest(name = "kc={0} nc={1} * NR + {2}")
    @CsvSource({"1, 0, 1", "3, 1, -1", "2, 2, 0", "4, 1, 1", "5, 0, 7"})
    void packBCopiesRowsAndZeroesTheEdge(int kc, int fullSlices, int extra) {
        int nc = Math.max(1, fullSlices * NR + extra);
        long rowStride = nc + 5;
        float[] b = random(6, (int) (2 + kc * rowStride));
        int slices = (nc + NR - 1) / NR;
        float[] dst = random(7, slices * NR * kc);
        try (Arena arena = Arena.ofConfined()) {
            GemmPack.packB(copy(arena, b), 2, rowStride, kc, nc, dst);
        }
        for (int s = 0; s < slices; s++) {
            for (int p = 0; p < kc; p++) {
                for (int j = 0; j < NR; j++) {
                    int col = s * NR + j;
                    float expected = col < nc ? b[(int) (2 + p * rowStride + col)] : 0f;
                    assertEquals(expected, dst[s * NR * kc + p * NR + j], "slice " + s + " p " + p + " j " + j);
                }
            }
        }
    }

    @ParameterizedTest(name = "k={0} columns [{1}, 4L * {2} + {3})")
    @CsvSource({"1, 0, 1, 0", "5, 0, 1, 3", "70, 3, 2, 1", "9, 1, 0, 5", "3, 0, 0, 1", "2, 0, 0, 0"})
    void smallRowsMatchScalarReference(int k, int j0, int strips, int extra) {
        int lanes = SimdSpecies.FLOAT.length();
        int j1 = Math.max(j0, 4 * lanes * strips + extra);
        int n = j1 + 2;
        long aStep = 3;
        long bRowStride = n + 1;
        float[] a = random(8, (int) (1 + k * aStep));
        float[] b = random(9, (int) (4 + k * bRowStride));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment c = copy(arena, random(10, n + 1));
            float[] before = new float[n + 1];
            MemorySegment.copy(c, F, 0, before, 0, before.length);
            GemmSmallRows.row(copy(arena, a), 1, aStep, copy(arena, b), 4, bRowStride, c, 1, k, j0, j1);
            for (int j = -1; j < n; j++) {
                float expected = before[1 + j];
                if (j >= j0 && j < j1) {
                    expected = 0;
                    for (int p = 0; p < k; p++) {
                        expected += a[(int) (1 + p * aStep)] * b[(int) (4 + p * bRowStride + j)];
                    }
                }
                assertEquals(expected, c.getAtIndex(F, 1 + j), ATOL, "c[" + j + "]");
            }
        }
    }
}
