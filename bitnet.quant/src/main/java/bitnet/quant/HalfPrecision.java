package bitnet.quant;

/**
 * FP16 (IEEE 754 binary16) and BF16 (the upper half of a binary32) conversion, both rounding to nearest, ties to
 * even, and keeping NaN, infinities and signed zeros. FP16 overflows to infinity above 65504; BF16 keeps the
 * binary32 exponent range.
 */
public final class HalfPrecision {
    private HalfPrecision() {
    }

    /** @return new array of binary16 bit patterns of {@code x} */
    public static short[] toFp16(float[] x) {
        short[] out = new short[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Float.floatToFloat16(x[i]);
        }
        return out;
    }

    /** @return new array of the floats the binary16 bit patterns {@code h} denote */
    public static float[] fromFp16(short[] h) {
        float[] out = new float[h.length];
        for (int i = 0; i < h.length; i++) {
            out[i] = Float.float16ToFloat(h[i]);
        }
        return out;
    }

    /** @return new array of bfloat16 bit patterns of {@code x} */
    public static short[] toBf16(float[] x) {
        short[] out = new short[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = toBf16(x[i]);
        }
        return out;
    }

    /** @return new array of the floats the bfloat16 bit patterns {@code h} denote */
    public static float[] fromBf16(short[] h) {
        float[] out = new float[h.length];
        for (int i = 0; i < h.length; i++) {
            out[i] = fromBf16(h[i]);
        }
        return out;
    }

    /**
     * @param bits a bfloat16 bit pattern
     * @return the float it denotes (exact)
     */
    public static float fromBf16(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /**
     * @param x a float
     * @return its bfloat16 bit pattern, rounded to nearest even; NaN stays a quiet NaN of the same sign
     */
    public static short toBf16(float x) {
        int bits = Float.floatToRawIntBits(x);
        if (Float.isNaN(x)) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        // Adding 0x7FFF plus the lowest kept bit rounds half to even; the carry may ripple into the exponent,
        // which correctly rounds the largest finite values up to infinity.
        int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
        return (short) (rounded >>> 16);
    }
}
