package bitnet.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import bitnet.api.quant.QuantizationException;

class Int8Int4HalfTest {
    @Test
    void int8SymmetricHandComputed() {
        byte[] q = new byte[4];
        Int8Params p = Int8Quantizer.quantizeDynamic(new float[] {-127f, 63.5f, 62.5f, 127f}, true, q);
        assertEquals(1f, p.scale());
        assertEquals(0, p.zeroPoint());
        // ties to even: 63.5 -> 64, 62.5 -> 62
        assertArrayEquals(new byte[] {-127, 64, 62, 127}, q);
    }

    @Test
    void int8AsymmetricHandComputed() {
        byte[] q = new byte[3];
        Int8Params p = Int8Quantizer.quantizeDynamic(new float[] {0f, 127.5f, 255f}, false, q);
        assertEquals(1f, p.scale());
        assertEquals(-128, p.zeroPoint());
        // 127.5 -> 128 (ties to even), shifted by the zero point
        assertArrayEquals(new byte[] {-128, 0, 127}, q);
        assertArrayEquals(new float[] {0f, 128f, 255f}, Int8Quantizer.dequantize(q, p));
        Int8Params negative = Int8Quantizer.quantizeDynamic(new float[] {-255f, -10f}, false, q);
        assertEquals(127, negative.zeroPoint());
        assertEquals(-128, q[0]);
        // an asymmetric zero point of 0 still uses code -128
        byte[] one = new byte[1];
        Int8Quantizer.quantize(new float[] {-128f}, new Int8Params(1f, 0, false), one);
        assertEquals(-128, one[0]);
        Int8Quantizer.quantize(new float[] {-128f}, new Int8Params(1f, 0, true), one);
        assertEquals(-127, one[0]);
    }

    @Test
    void staticCalibrationOverBatchesClampsLaterOutliers() {
        MinMaxObserver observer = new MinMaxObserver();
        observer.observe(new float[] {-0.5f, 1f});
        observer.observe(new float[] {2f, -1f});
        Int8Params sym = observer.symmetric();
        assertEquals(0.015748031f, sym.scale(), "2 / 127 in float");
        byte[] q = new byte[2];
        Int8Quantizer.quantize(new float[] {5f, -5f}, sym, q);
        assertArrayEquals(new byte[] {127, -127}, q);
        Int8Params asym = observer.asymmetric();
        // range [-1, 2]: scale = 3 / 255 (float 0.011764706), zp = rint(-128 - (-1) / scale) = rint(-128 + 85) = -43
        assertEquals(0.011764706f, asym.scale());
        assertEquals(-43, asym.zeroPoint());
    }

    @Test
    void int8SeededRoundTripWithinHalfAStep() {
        Random rnd = new Random(8);
        float[] x = new float[1001];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextGaussian() + 0.7);
        }
        for (boolean symmetric : new boolean[] {true, false}) {
            byte[] q = new byte[x.length];
            Int8Params p = Int8Quantizer.quantizeDynamic(x, symmetric, q);
            float[] back = Int8Quantizer.dequantize(q, p);
            for (int i = 0; i < x.length; i++) {
                assertTrue(Math.abs(back[i] - x[i]) <= p.scale() * 0.5001f, symmetric + " at " + i);
            }
        }
        assertEquals(0, Int8Quantizer.quantizeDynamic(new float[0], true, new byte[0]).zeroPoint());
    }

    @Test
    void int4GroupsHandComputedAndPacked() {
        Int4Weights q = Int4Quantizer.quantize(new float[] {0.7f, -0.7f, 0.35f, 0.05f, -0.2f}, 2);
        assertArrayEquals(new float[] {0.1f, 0.05f, 0.2f / 7}, q.scales(), 1e-7f);
        assertEquals(3, q.packed().length);
        int[] codes = new int[5];
        for (int i = 0; i < 5; i++) {
            codes[i] = q.code(i);
        }
        assertArrayEquals(new int[] {7, -7, 7, 1, -7}, codes);
        assertArrayEquals(new float[] {0.7f, -0.7f, 0.35f, 0.05f, -0.2f}, Int4Quantizer.dequantize(q), 1e-6f);
        Int4Weights fixed = Int4Quantizer.quantize(new float[] {1f, -2f, 0.05f}, new float[] {0.1f, 0.1f}, 2);
        assertEquals(7, fixed.code(0));
        assertEquals(-8, fixed.code(1));
        assertEquals(0, fixed.code(2));
    }

    @Test
    void int4SeededRoundTripWithinHalfAStep() {
        Random rnd = new Random(4);
        float[] x = new float[333];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        Int4Weights q = Int4Quantizer.quantize(x, 32);
        float[] back = Int4Quantizer.dequantize(q);
        for (int i = 0; i < x.length; i++) {
            assertTrue(Math.abs(back[i] - x[i]) <= q.scales()[i / 32] * 0.5001f, "index " + i);
        }
    }

    @Test
    void fp16AndBf16RoundToNearestEven() {
        short[] h = HalfPrecision.toFp16(new float[] {1f, 65504f, 65520f, 1f + 0x1p-11f, -0f, Float.NaN});
        assertEquals((short) 0x3C00, h[0]);
        assertEquals((short) 0x7BFF, h[1]);
        assertEquals((short) 0x7C00, h[2]);
        assertEquals((short) 0x3C00, h[3]);
        assertEquals((short) 0x8000, h[4]);
        assertTrue(Float.isNaN(HalfPrecision.fromFp16(h)[5]));
        assertEquals((short) 0x3F80, HalfPrecision.toBf16(1f));
        assertEquals((short) 0x3F80, HalfPrecision.toBf16(Float.intBitsToFloat(0x3F808000)));
        assertEquals((short) 0x3F82, HalfPrecision.toBf16(Float.intBitsToFloat(0x3F818000)));
        assertEquals((short) 0x3F81, HalfPrecision.toBf16(Float.intBitsToFloat(0x3F808001)));
        assertEquals((short) 0x7F80, HalfPrecision.toBf16(Float.MAX_VALUE));
        assertTrue(Float.isNaN(HalfPrecision.fromBf16(HalfPrecision.toBf16(new float[] {Float.NaN}))[0]));
        Random rnd = new Random(6);
        float[] x = new float[500];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian() * 100;
        }
        float[] b = HalfPrecision.fromBf16(HalfPrecision.toBf16(x));
        float[] f = HalfPrecision.fromFp16(HalfPrecision.toFp16(x));
        for (int i = 0; i < x.length; i++) {
            assertTrue(Math.abs(b[i] - x[i]) <= Math.abs(x[i]) * 0x1p-8f, "bf16 " + i);
            assertTrue(Math.abs(f[i] - x[i]) <= Math.abs(x[i]) * 0x1p-11f + 0x1p-25f, "fp16 " + i);
        }
    }

    @Test
    void badInput() {
        assertThrows(QuantizationException.class, () -> new Int8Params(0f, 0, true));
        assertThrows(QuantizationException.class, () -> new Int8Params(1f, 128, false));
        assertThrows(QuantizationException.class, () -> new Int8Params(1f, 3, true));
        assertThrows(QuantizationException.class, () -> Int4Quantizer.quantize(new float[4], 0));
        assertThrows(QuantizationException.class, () -> Int4Quantizer.quantize(new float[4], new float[1], 2));
        assertThrows(QuantizationException.class, () -> Int4Quantizer.quantize(new float[2], new float[] {-1f}, 2));
        assertThrows(QuantizationException.class,
                () -> Int8Quantizer.quantize(new float[] {Float.NaN}, new Int8Params(1f, 0, true), new byte[1]));
    }
}
