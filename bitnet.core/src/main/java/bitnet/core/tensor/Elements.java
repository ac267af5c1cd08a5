package bitnet.core.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import bitnet.api.tensor.DType;
import bitnet.quant.SubByteCodes;

/**
 * Reads and writes single elements of any dtype at an element index, converting through double.
 * Conversions: F16 and BF16 round to nearest even and keep NaN and infinities; integer targets (I4 too) round half
 * to even and saturate at their range, NaN becomes 0; ternary targets take the sign of the value (0 stays 0).
 */
public final class Elements {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ValueLayout.OfShort S16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;

    private Elements() {
    }

    /**
     * @param segment memory
     * @param dtype element type
     * @param index element index
     * @return the element's value
     */
    public static double get(MemorySegment segment, DType dtype, long index) {
        return switch (dtype) {
            case F32 -> segment.get(F32, index * 4);
            case F64 -> segment.get(F64, index * 8);
            case F16 -> Float.float16ToFloat(segment.get(S16, index * 2));
            case BF16 -> bf16ToFloat(segment.get(S16, index * 2));
            case I8 -> segment.get(ValueLayout.JAVA_BYTE, index);
            case I32 -> segment.get(I32, index * 4);
            case TERNARY -> SubByteCodes.trit(segment, index);
            case I4 -> SubByteCodes.int4(segment, index);
        };
    }

    /**
     * @param segment memory
     * @param dtype element type
     * @param index element index
     * @param value the value, converted as the class comment says
     */
    public static void set(MemorySegment segment, DType dtype, long index, double value) {
        switch (dtype) {
            case F32 -> segment.set(F32, index * 4, (float) value);
            case F64 -> segment.set(F64, index * 8, value);
            case F16 -> segment.set(S16, index * 2, Float.floatToFloat16((float) value));
            case BF16 -> segment.set(S16, index * 2, floatToBf16((float) value));
            case I8 -> segment.set(ValueLayout.JAVA_BYTE, index, (byte) saturate(value, -128, 127));
            case I32 -> segment.set(I32, index * 4, (int) saturate(value, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case TERNARY -> SubByteCodes.setTrit(segment, index, value);
            case I4 -> SubByteCodes.setInt4(segment, index, (int) saturate(value, -8, 7));
        }
    }

    /**
     * @param bits bfloat16 bits
     * @return the float value
     */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /**
     * Rounds to the nearest bfloat16, ties to even; NaN stays a quiet NaN with its sign, infinities stay.
     *
     * @param value a float
     * @return bfloat16 bits
     */
    public static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    private static long saturate(double v, long min, long max) {
        if (Double.isNaN(v)) {
            return 0;
        }
        double r = Math.rint(v);
        return r <= min ? min : r >= max ? max : (long) r;
    }
}
