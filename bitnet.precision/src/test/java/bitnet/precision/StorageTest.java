package bitnet.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import bitnet.api.precision.Precision;
import bitnet.api.quant.PackingStrategy;
import bitnet.quant.Int4Quantizer;
import bitnet.quant.Int4Weights;
import bitnet.quant.TernaryQuantizer;
import bitnet.quant.TernaryWeights;
import bitnet.quant.pack.Codecs;

/** The byte counts match what the quant bundle actually produces, at edge sizes. */
class StorageTest {
    private static final int GROUP = 64;

    @Test
    void countsMatchTheQuantBundlesOutput() {
        SplittableRandom r = new SplittableRandom(7);
        for (int[] shape : new int[][] {{1, 1}, {1, 3}, {3, 5}, {2, 64}, {7, 65}, {4, 127}, {1, 129}}) {
            int rows = shape[0];
            int cols = shape[1];
            float[] w = new float[rows * cols];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) r.nextGaussian();
            }
            TernaryWeights t = TernaryQuantizer.quantize(w, rows, cols);
            long ternary = Codecs.of(PackingStrategy.BIT_PACKED_2BIT).pack(t.trits()).data().length
                    + 4L * t.gammas().length;
            assertEquals(ternary, Storage.bytes(Precision.TERNARY, rows, cols, GROUP), rows + "x" + cols);
            Int4Weights q4 = Int4Quantizer.quantize(w, GROUP);
            assertEquals(q4.packed().length + 4L * q4.scales().length, Storage.bytes(Precision.INT4, rows, cols, GROUP));
            assertEquals(w.length + 4L * rows, Storage.bytes(Precision.INT8, rows, cols, GROUP));
            assertEquals(2L * w.length, Storage.bytes(Precision.BF16, rows, cols, GROUP));
            assertEquals(2L * w.length, Storage.bytes(Precision.F16, rows, cols, GROUP));
            assertEquals(4L * w.length, Storage.bytes(Precision.F32, rows, cols, GROUP));
        }
    }

    @Test
    void handCountedSmallShape() {
        // 7 x 65 = 455 elements. TERNARY: ceil(455 / 4) = 114 code bytes + one 4-byte gamma = 118.
        // INT4 (groups of 64): ceil(455 / 2) = 228 + 4 * ceil(455 / 64) = 4 * 8 = 32 -> 260.
        // INT8: 455 + one 4-byte scale per row (7) = 483. BF16, F16: 910. F32: 1820.
        assertEquals(118, Storage.bytes(Precision.TERNARY, 7, 65, GROUP));
        assertEquals(260, Storage.bytes(Precision.INT4, 7, 65, GROUP));
        assertEquals(483, Storage.bytes(Precision.INT8, 7, 65, GROUP));
        assertEquals(910, Storage.bytes(Precision.BF16, 7, 65, GROUP));
        assertEquals(910, Storage.bytes(Precision.F16, 7, 65, GROUP));
        assertEquals(1820, Storage.bytes(Precision.F32, 7, 65, GROUP));
        // One element: a code byte (or half a byte, rounded up) plus one scale.
        assertEquals(5, Storage.bytes(Precision.TERNARY, 1, 1, GROUP));
        assertEquals(5, Storage.bytes(Precision.INT4, 1, 1, GROUP));
        assertEquals(5, Storage.bytes(Precision.INT8, 1, 1, GROUP));
    }

    @Test
    void emptyComponentsTakeNothing() {
        for (Precision p : Precision.values()) {
            assertEquals(0, Storage.bytes(p, 0, 10, GROUP));
            assertEquals(0, Storage.bytes(p, 10, 0, GROUP));
        }
    }

    @Test
    void largeShapesDoNotOverflow() {
        assertEquals(128_256L * 2560 / 4 + 4, Storage.bytes(Precision.TERNARY, 128_256, 2560, GROUP));
        assertEquals(4L * 128_256 * 2560, Storage.bytes(Precision.F32, 128_256, 2560, GROUP));
    }
}
