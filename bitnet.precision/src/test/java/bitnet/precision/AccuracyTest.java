package bitnet.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import bitnet.api.precision.ComponentSpec;
import bitnet.api.precision.ComponentType;
import bitnet.api.precision.ErrorStats;
import bitnet.api.precision.Precision;
import bitnet.api.quant.QuantizationException;

/** Errors measured by real conversions, checked against hand computations. */
class AccuracyTest {
    private static final double TIGHT = 1e-12;
    private final Accuracy accuracy = new Accuracy(64, 4096, 42);

    @Test
    void bf16ErrorByHand() {
        // 1 + 2^-8 lies halfway between the BF16 neighbours 1 and 1 + 2^-7; ties to even give 1.
        float[] x = {1f + 0x1p-8f, 2f, 0f, -3f};
        ErrorStats s = accuracy.measure(new ComponentSpec(ComponentType.WEIGHTS, 1, 4, x), Precision.BF16);
        double rmse = Math.sqrt(Math.pow(0x1p-8, 2) / 4);
        double rms = Math.sqrt((Math.pow(1 + 0x1p-8, 2) + 4 + 0 + 9) / 4);
        assertEquals(4, s.samples());
        assertEquals(rmse, s.rmse(), TIGHT);
        assertEquals(rmse / rms, s.relativeRmse(), TIGHT);
        assertEquals(0x1p-8 / (1 + 0x1p-8), s.maxRelativeError(), TIGHT);
        assertEquals("data", s.source());
    }

    @Test
    void ternaryErrorByHand() {
        // gamma = mean|w| = 0.75; w / gamma = 0.67, -2, 0, 1.33 round-clip to 1, -1, 0, 1; w' = 0.75, -0.75, 0, 0.75.
        float[] w = {0.5f, -1.5f, 0f, 1.0f};
        ErrorStats s = accuracy.measure(new ComponentSpec(ComponentType.WEIGHTS, 1, 4, w), Precision.TERNARY);
        assertEquals(Math.sqrt((0.0625 + 0.5625 + 0 + 0.0625) / 4), s.rmse(), 1e-7);
        assertEquals(0.5, s.maxRelativeError(), 1e-6);
    }

    @Test
    void int8PerRowErrorByHand() {
        // Row 0: s = 127 / 1; 0.25 * 127 = 31.75 -> 32 -> 32 / 127. Row 1: s = 127 / 2; 1 * 63.5 = 63.5 -> 64 (even).
        float[] x = {1f, 0.25f, -2f, 1f};
        ErrorStats s = accuracy.measure(new ComponentSpec(ComponentType.ACTIVATIONS, 2, 2, x), Precision.INT8);
        float e1 = 32f / 127f - 0.25f;
        float e3 = 64f / (127f / 2f) - 1f;
        assertEquals(Math.sqrt(((double) e1 * e1 + (double) e3 * e3) / 4), s.rmse(), 1e-7);
        assertEquals(Math.max(Math.abs(e1) / 0.25, Math.abs(e3)), s.maxRelativeError(), 1e-6);
    }

    @Test
    void f32IsExactAndAllZerosHaveNoRelativeError() {
        ErrorStats s = accuracy.measure(new ComponentSpec(ComponentType.BIAS, 1, 3, new float[] {1, 2, 3}),
                Precision.F32);
        assertEquals(0, s.rmse());
        ErrorStats z = accuracy.measure(new ComponentSpec(ComponentType.BIAS, 1, 3, new float[3]), Precision.INT4);
        assertEquals(0, z.relativeRmse());
        assertEquals(0, z.maxRelativeError());
    }

    @Test
    void withoutDataASeededSampleOfTheShapeIsMeasuredAndCached() {
        ComponentSpec shapeOnly = ComponentSpec.of(ComponentType.WEIGHTS, 1000, 100);
        ErrorStats a = accuracy.measure(shapeOnly, Precision.INT4);
        assertEquals(4000, a.samples(), "40 whole rows of 100 fit in 4096");
        assertTrue(a.source().contains("seed 42"), a.source());
        assertSame(a, accuracy.measure(ComponentSpec.of(ComponentType.KV_CACHE, 5000, 100), Precision.INT4));
        ErrorStats other = new Accuracy(64, 4096, 43).measure(shapeOnly, Precision.INT4);
        assertTrue(other.rmse() != a.rmse(), "another seed converts other values");
        assertTrue(a.relativeRmse() > 0.01 && a.relativeRmse() < 0.3, "int4 on N(0,1): " + a.relativeRmse());
        assertEquals(Double.NaN, accuracy.relativeRmseOfData(shapeOnly, Precision.INT4));
        assertEquals(0, accuracy.measure(ComponentSpec.of(ComponentType.BIAS, 0, 5), Precision.INT8).samples());
    }

    @Test
    void narrowerPrecisionsMeasureLargerErrorsOnTheSameData() {
        ComponentSpec c = ComponentSpec.of(ComponentType.WEIGHTS, 64, 64);
        double bf16 = accuracy.measure(c, Precision.BF16).relativeRmse();
        double int8 = accuracy.measure(c, Precision.INT8).relativeRmse();
        double int4 = accuracy.measure(c, Precision.INT4).relativeRmse();
        double ternary = accuracy.measure(c, Precision.TERNARY).relativeRmse();
        assertTrue(0 < bf16 && bf16 < int8 && int8 < int4 && int4 < ternary,
                bf16 + " " + int8 + " " + int4 + " " + ternary);
    }

    @Test
    void nonFiniteDataIsATypedError() {
        ComponentSpec c = new ComponentSpec(ComponentType.WEIGHTS, 1, 2, new float[] {1f, Float.NaN});
        assertThrows(QuantizationException.class, () -> accuracy.measure(c, Precision.INT8));
    }
}
