package bitnet.backend.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import jdk.incubator.vector.FloatVector;

/**
 * The deterministic exponential and lane sum: accurate against {@link StrictMath}, and the vector and scalar forms
 * (and the interpreted and compiled forms, which the repetition reaches) agree bit for bit.
 */
class ExpAndLanesTest {
    private static final int L = SimdSpecies.FLOAT.length();

    /** Distance in units in the last place between two finite floats of the same sign, or 0 when both are 0. */
    private static long ulps(float a, float b) {
        return Math.abs((long) Float.floatToRawIntBits(a) - Float.floatToRawIntBits(b));
    }

    @Test
    void expIsWithinTwoUlpOfTheCorrectlyRoundedValueOverTheWholeRange() {
        long worst = 0;
        float worstAt = 0;
        // Every 97th float from -104 to 89: about 2.2e7 arguments over all exponents, normal and subnormal results.
        int from = Float.floatToRawIntBits(-104f);
        for (int bits = from; bits >= Float.floatToRawIntBits(-0f) && bits <= from; bits -= 97) {
            float x = Float.intBitsToFloat(bits);
            long u = check(x);
            if (u > worst) {
                worst = u;
                worstAt = x;
            }
        }
        for (int bits = 0; bits <= Float.floatToRawIntBits(89f); bits += 97) {
            float x = Float.intBitsToFloat(bits);
            long u = check(x);
            if (u > worst) {
                worst = u;
                worstAt = x;
            }
        }
        assertTrue(worst <= 2, "worst " + worst + " ulp at " + worstAt);
    }

    private static long check(float x) {
        float want = (float) StrictMath.exp(x);
        float got = Exp.exp(x);
        if (Float.isInfinite(want) || want == 0f) {
            // Rounding to infinity or zero is the float range's edge: allow the neighbouring finite value.
            assertTrue(got == want || ulps(got, want) <= 2, x + ": " + got + " vs " + want);
            return 0;
        }
        return ulps(got, want);
    }

    @Test
    void edgesAreExact() {
        assertEquals(1f, Exp.exp(0f));
        assertEquals(1f, Exp.exp(-0f));
        assertEquals(0f, Exp.exp(Float.NEGATIVE_INFINITY));
        assertEquals(Float.POSITIVE_INFINITY, Exp.exp(Float.POSITIVE_INFINITY));
        assertTrue(Float.isNaN(Exp.exp(Float.NaN)));
        assertEquals(0f, Exp.exp(-200f));
        assertEquals(Float.POSITIVE_INFINITY, Exp.exp(100f));
        assertEquals(Float.MIN_VALUE, Exp.exp(-103.5f), "the smallest subnormal: e^-103.5 = 0.80 * 2^-149");
        assertTrue(Exp.exp(88.72283f) < Float.POSITIVE_INFINITY);
    }

    @Test
    void vectorLanesEqualTheScalarBitForBit() {
        SplittableRandom random = new SplittableRandom(5);
        float[] x = new float[L];
        float[] y = new float[L];
        float[] specials = {0f, -0f, Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Exp.OVERFLOW,
                Math.nextUp(Exp.OVERFLOW), Exp.UNDERFLOW, Math.nextDown(Exp.UNDERFLOW), -87.5f, -103f, 88f};
        // Enough rounds for the loop to be compiled by C1 and C2 while it runs.
        for (int round = 0; round < 200_000; round++) {
            for (int i = 0; i < L; i++) {
                x[i] = round < specials.length && i == 0 ? specials[round]
                        : (float) (random.nextDouble() * 200 - 110);
            }
            Exp.exp(FloatVector.fromArray(SimdSpecies.FLOAT, x, 0)).intoArray(y, 0);
            for (int i = 0; i < L; i++) {
                float want = Exp.exp(x[i]);
                if (Float.floatToRawIntBits(want) != Float.floatToRawIntBits(y[i])) {
                    assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(y[i]),
                            "round " + round + " exp(" + x[i] + "): scalar " + want + ", lane " + y[i]);
                }
            }
        }
    }

    @Test
    void laneSumIsTheSameTreeInEveryTier() {
        SplittableRandom random = new SplittableRandom(9);
        float[] v = new float[L];
        for (int round = 0; round < 200_000; round++) {
            for (int i = 0; i < L; i++) {
                v[i] = (float) (random.nextGaussian() * Math.scalb(1.0, random.nextInt(-20, 20)));
            }
            float got = Lanes.sum(FloatVector.fromArray(SimdSpecies.FLOAT, v, 0));
            float want = tree(v, 0, L);
            if (Float.floatToRawIntBits(want) != Float.floatToRawIntBits(got)) {
                assertEquals(want, got, "round " + round);
            }
        }
    }

    // Lane i of each step adds lane i + half, so lane 0 ends as the sum of the pairwise sums in that order.
    private static float tree(float[] v, int from, int n) {
        float[] w = v.clone();
        for (int half = n / 2; half >= 1; half /= 2) {
            for (int i = 0; i < half; i++) {
                w[i] = w[i] + w[i + half];
            }
        }
        return w[0];
    }
}
