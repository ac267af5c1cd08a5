package bitnet.convert;

import bitnet.quant.HalfPrecision;

/**
 * Rounding of one value onto a target's grid. Nearest-even rounding reuses the JDK's and {@code bitnet.quant}'s
 * conversions; stochastic rounding picks the upper neighbour with probability equal to the distance from the lower
 * one, in units of the gap, which makes it unbiased.
 */
final class Rounding {
    private Rounding() {
    }

    /** Nearest-even to an integer in [min, max]; NaN becomes 0, infinities saturate. */
    static long nearest(double v, long min, long max) {
        if (v != v) {
            return 0;
        }
        double r = Math.rint(v);
        return r <= min ? min : r >= max ? max : (long) r;
    }

    /** Stochastic to an integer in [min, max]: floor(v) + (u < v - floor(v)); the caller rejects non-finite v. */
    static long stochastic(double v, double u, long min, long max) {
        double f = Math.floor(v);
        double r = u < v - f ? f + 1 : f;
        return r <= min ? min : r >= max ? max : (long) r;
    }

    /** Nearest-even bfloat16 bits (the {@code bitnet.quant} conversion). */
    static short bf16(double v) {
        return HalfPrecision.toBf16((float) v);
    }

    /**
     * Stochastic bfloat16: adding 16 random bits below the kept half of the binary32 pattern carries into it with
     * probability (dropped bits) / 2^16, i.e. rounds the magnitude up by one bfloat16 step with probability equal
     * to the fractional distance. NaN stays a quiet NaN; infinities stay.
     */
    static short bf16Stochastic(double v, long random) {
        float x = (float) v;
        int bits = Float.floatToRawIntBits(x);
        if (x != x) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        if (Float.isInfinite(x)) {
            return (short) (bits >>> 16);
        }
        return (short) ((bits + (int) (random & 0xFFFF)) >>> 16);
    }

    /**
     * Stochastic binary16. Where the result is a normal binary16 below 65504, binary32 keeps 13 more mantissa bits
     * than binary16: adding 13 random bits there and clearing them rounds the magnitude up one binary16 step
     * with probability (dropped bits) / 2^13, exactly the fractional distance, and the cleared value converts
     * exactly. Subnormal results and the top step take the general path between the two binary16 neighbours.
     */
    static short f16Stochastic(double v, long random) {
        float x = (float) v;
        if (x != x || Float.isInfinite(x)) {
            return Float.floatToFloat16(x);
        }
        float a = Math.abs(x);
        if (a >= 0x1.0p-14f && a < 65504f) {
            int bits = Float.floatToRawIntBits(x);
            return Float.floatToFloat16(Float.intBitsToFloat((bits + (int) (random & 0x1FFF)) & ~0x1FFF));
        }
        double u = (random >>> 11) * 0x1.0p-53;
        short h = Float.floatToFloat16(a);
        float hv = Float.float16ToFloat(h);
        if (hv == a || Float.isInfinite(hv)) {
            return sign(x, h);
        }
        short lo = hv < a ? h : (short) (h - 1);
        short hi = (short) (lo + 1);
        double low = Float.float16ToFloat(lo);
        double high = Float.float16ToFloat(hi);
        if (Double.isInfinite(high)) {
            return sign(x, lo);
        }
        double p = (Math.abs(v) - low) / (high - low);
        return sign(x, u < p ? hi : lo);
    }

    private static short sign(float x, short magnitude) {
        return (short) (Math.copySign(1f, x) < 0 ? magnitude | 0x8000 : magnitude);
    }

    /** Stochastic binary32 from a double between its two float neighbours. */
    static float f32Stochastic(double v, double u) {
        float r = (float) v;
        if (r == v || v != v || Float.isInfinite(r)) {
            return r;
        }
        float lo = r < v ? r : Math.nextDown(r);
        float hi = Math.nextUp(lo);
        double p = (v - lo) / ((double) hi - lo);
        return u < p ? hi : lo;
    }
}
