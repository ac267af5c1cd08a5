package bitnet.quant.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import bitnet.api.quant.QuantizationException;

class TernaryKernelTest {
    private static ForkJoinPool pool;

    @BeforeAll
    static void startPool() {
        pool = new ForkJoinPool(3);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    static byte[] trits(Random rnd, int n, double zeroFraction) {
        byte[] t = new byte[n];
        for (int i = 0; i < n; i++) {
            t[i] = rnd.nextDouble() < zeroFraction ? 0 : (byte) (rnd.nextBoolean() ? 1 : -1);
        }
        return t;
    }

    static byte[] int8(Random rnd, int n) {
        byte[] x = new byte[n];
        rnd.nextBytes(x);
        return x;
    }

    /** Straight from the definition, on the unpacked trits. */
    static int[] naive(byte[] w, int rows, int cols, byte[] x, int n) {
        int[] out = new int[n * rows];
        for (int t = 0; t < n; t++) {
            for (int r = 0; r < rows; r++) {
                int acc = 0;
                for (int k = 0; k < cols; k++) {
                    acc += w[r * cols + k] * x[t * cols + k];
                }
                out[t * rows + r] = acc;
            }
        }
        return out;
    }

    @Test
    void vectorWidthFollowsTheOverride() {
        String bits = System.getProperty("bitnet.quant.vectorBits");
        int expected = bits == null ? jdk.incubator.vector.ShortVector.SPECIES_PREFERRED.length()
                : Integer.parseInt(bits) / 16;
        assertEquals(expected, TernaryVectorKernel.lanes());
    }

    @Test
    void handComputedProduct() {
        byte[] w = {1, -1, 0, 1, 0, 0, -1, -1};
        byte[] x = {10, 20, 30, -40};
        TernaryMatrix m = TernaryMatrix.of(w, 2, 4, new float[] {1f}, TernaryVectorKernel.lanes());
        int[] out = new int[2];
        TernaryVectorKernel.multiply(m, Int8Activations.of(x, 1, m), out, 0, 2);
        // row 0: 10 - 20 + 0 - 40 = -50; row 1: 0 + 0 - 30 + 40 = 10
        assertArrayEquals(new int[] {-50, 10}, out);
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "3,7,1", "5,0,1", "0,9,1", "17,255,1", "17,256,1", "33,257,2", "9,511,3", "31,1000,4",
        "20,1025,5", "16,4096,1", "7,4097,6", "40,130,9", "3,300,8", "2,8200,7"})
    void vectorMatchesScalarAndNaiveBitForBit(int rows, int cols, int n) {
        Random rnd = new Random(31L * rows + cols + 7L * n);
        byte[] w = trits(rnd, rows * cols, 0.4);
        byte[] x = int8(rnd, n * cols);
        int[] expected = naive(w, rows, cols, x, n);
        for (int lanes : new int[] {1, 4, 32}) {
            TernaryMatrix any = TernaryMatrix.of(w, rows, cols, new float[] {1f}, lanes);
            int[] scalar = new int[n * rows];
            TernaryScalarKernel.multiply(any, Int8Activations.of(x, n, any), scalar, 0, rows);
            assertArrayEquals(expected, scalar, "scalar, lanes " + lanes);
        }
        TernaryMatrix m = TernaryMatrix.of(w, rows, cols, new float[] {1f}, TernaryVectorKernel.lanes());
        for (int threads = 1; threads <= 3; threads++) {
            int[] vector = new int[n * rows];
            TernaryMatMul.multiply(TernaryMatMul.Kernel.VECTOR, m, Int8Activations.of(x, n, m), vector, pool, threads);
            assertArrayEquals(expected, vector, "vector, threads " + threads);
            int[] scalar = new int[n * rows];
            TernaryMatMul.multiply(TernaryMatMul.Kernel.SCALAR, m, Int8Activations.of(x, n, m), scalar, pool, threads);
            assertArrayEquals(expected, scalar, "scalar driver, threads " + threads);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 5})
    void extremeValuesDoNotOverflowTheShortAccumulators(int n) {
        int rows = 3;
        int cols = 70_000;
        byte[] w = new byte[rows * cols];
        byte[] x = new byte[n * cols];
        java.util.Arrays.fill(x, (byte) -128);
        java.util.Arrays.fill(w, 0, cols, (byte) 1);
        java.util.Arrays.fill(w, cols, 2 * cols, (byte) -1);
        for (int i = 2 * cols; i < 3 * cols; i++) {
            w[i] = (byte) (i % 2 == 0 ? 1 : -1);
        }
        TernaryMatrix m = TernaryMatrix.of(w, rows, cols, new float[] {1f}, TernaryVectorKernel.lanes());
        int[] out = new int[n * rows];
        TernaryVectorKernel.multiply(m, Int8Activations.of(x, n, m), out, 0, rows);
        for (int t = 0; t < n; t++) {
            assertEquals(-128 * cols, out[t * rows]);
            assertEquals(128 * cols, out[t * rows + 1]);
            assertEquals(0, out[t * rows + 2]);
        }
        java.util.Arrays.fill(x, (byte) 127);
        TernaryVectorKernel.multiply(m, Int8Activations.of(x, n, m), out, 0, rows);
        assertEquals(127 * cols, out[0]);
        assertEquals(-127 * cols, out[1]);
    }

    @Test
    void layoutRoundTripsAndPadsWithZeroWeights() {
        Random rnd = new Random(5);
        byte[] w = trits(rnd, 3 * 301, 0.3);
        for (int lanes : new int[] {1, 2, 8, 16, 32, 64}) {
            TernaryMatrix m = TernaryMatrix.of(w, 3, 301, new float[] {0.5f, 1f, 2f}, lanes);
            assertArrayEquals(w, m.toTrits());
            assertEquals(0, m.paddedCols() % (8 * lanes));
            assertEquals(2f, m.gamma(2));
        }
    }

    @Test
    void badInputGetsTypedExceptions() {
        assertThrows(QuantizationException.class, () -> TernaryMatrix.of(new byte[] {2}, 1, 1, new float[] {1}, 8));
        assertThrows(QuantizationException.class, () -> TernaryMatrix.of(new byte[4], 2, 2, new float[3], 8));
        assertThrows(QuantizationException.class, () -> TernaryMatrix.of(new byte[4], 2, 2, new float[1], 3));
        assertThrows(QuantizationException.class, () -> TernaryMatrix.of(new byte[4], 2, 2, new float[] {Float.NaN}, 8));
        TernaryMatrix m = TernaryMatrix.of(new byte[4], 2, 2, new float[1], TernaryVectorKernel.lanes());
        assertThrows(QuantizationException.class, () -> Int8Activations.of(new byte[3], 1, m));
        Int8Activations x = Int8Activations.of(new byte[2], 1, m);
        assertThrows(QuantizationException.class, () -> TernaryVectorKernel.multiply(m, x, new int[1], 0, 2));
        assertThrows(QuantizationException.class, () -> TernaryVectorKernel.multiply(m, x, new int[2], 0, 3));
        assertThrows(QuantizationException.class,
                () -> TernaryMatMul.multiply(TernaryMatMul.Kernel.VECTOR, m, x, new int[2], null, 2));
        assertThrows(QuantizationException.class,
                () -> TernaryMatMul.multiply(TernaryMatMul.Kernel.VECTOR, m, x, new int[2], pool, 0));
        TernaryMatrix other = TernaryMatrix.of(new byte[4], 2, 2, new float[1], TernaryVectorKernel.lanes() / 2);
        assertThrows(QuantizationException.class,
                () -> TernaryVectorKernel.multiply(other, Int8Activations.of(new byte[2], 1, other), new int[2], 0, 2));
    }
}
