package bitnet.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import bitnet.api.tensor.DType;

/**
 * The platform's one element codec: reads and writes single elements of any dtype, or runs of them, at an element
 * index, converting through double. Conversions, as {@code Tensor.to} documents them: F16 and BF16 round to nearest
 * even and keep NaN and infinities ({@link HalfPrecision}); integer targets, TERNARY and I4 included, round half to
 * even and saturate at their range, and NaN becomes 0. Sub-byte layouts are those of {@link SubByteCodes}.
 */
public final class ElementCodec {
    /** Unaligned float layout used for F32 elements. */
    public static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    /** Unaligned double layout used for F64 elements. */
    public static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    /** Unaligned short layout used for F16 and BF16 bit patterns. */
    public static final ValueLayout.OfShort S16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    /** Unaligned int layout used for I32 elements. */
    public static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;

    private ElementCodec() {
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
            case BF16 -> HalfPrecision.fromBf16(segment.get(S16, index * 2));
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
            case BF16 -> segment.set(S16, index * 2, HalfPrecision.toBf16((float) value));
            case I8 -> segment.set(ValueLayout.JAVA_BYTE, index, (byte) saturate(value, -128, 127));
            case I32 -> segment.set(I32, index * 4, (int) saturate(value, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case TERNARY -> SubByteCodes.setTritCode(segment, index, SubByteCodes.tritCode(value));
            case I4 -> SubByteCodes.setInt4(segment, index, (int) saturate(value, -8, 7));
        }
    }

    /**
     * Reads {@code n} consecutive elements starting at element index {@code start} into {@code tile[0, n)}; the
     * switch sits outside the loops so that each loop is a plain, unrollable load-convert-store.
     *
     * @param segment memory
     * @param dtype element type
     * @param start first element index
     * @param tile receives the values
     * @param n how many, at most {@code tile.length}
     */
    public static void readRun(MemorySegment segment, DType dtype, long start, double[] tile, int n) {
        switch (dtype) {
            case F32 -> {
                for (int k = 0; k < n; k++) {
                    tile[k] = segment.get(F32, (start + k) * 4);
                }
            }
            case F64 -> {
                for (int k = 0; k < n; k++) {
                    tile[k] = segment.get(F64, (start + k) * 8);
                }
            }
            case F16 -> {
                for (int k = 0; k < n; k++) {
                    tile[k] = Float.float16ToFloat(segment.get(S16, (start + k) * 2));
                }
            }
            case BF16 -> {
                for (int k = 0; k < n; k++) {
                    tile[k] = HalfPrecision.fromBf16(segment.get(S16, (start + k) * 2));
                }
            }
            case I8 -> {
                for (int k = 0; k < n; k++) {
                    tile[k] = segment.get(ValueLayout.JAVA_BYTE, start + k);
                }
            }
            case I32 -> {
                for (int k = 0; k < n; k++) {
                    tile[k] = segment.get(I32, (start + k) * 4);
                }
            }
            case TERNARY -> {
                for (int k = 0; k < n; k++) {
                    tile[k] = SubByteCodes.trit(segment, start + k);
                }
            }
            case I4 -> {
                for (int k = 0; k < n; k++) {
                    tile[k] = SubByteCodes.int4(segment, start + k);
                }
            }
        }
    }

    /**
     * Rounds half to even and saturates; NaN becomes 0.
     *
     * @param v a value
     * @param min lower bound
     * @param max upper bound
     * @return the integer
     */
    public static long saturate(double v, long min, long max) {
        if (Double.isNaN(v)) {
            return 0;
        }
        double r = Math.rint(v);
        return r <= min ? min : r >= max ? max : (long) r;
    }
}
