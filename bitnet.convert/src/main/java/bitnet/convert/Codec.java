package bitnet.convert;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import bitnet.api.tensor.DType;
import bitnet.quant.SubByteCodes;

/**
 * Reads elements of any dtype as doubles, in tiles. The TERNARY layout is the platform's: 2-bit codes
 * {@code 0b00 = 0, 0b01 = +1, 0b10 = -1}, four per byte, element 0 in the low bits.
 */
final class Codec {
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    static final ValueLayout.OfShort S16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;

    private Codec() {
    }

    /** One element at an element index. */
    static double get(MemorySegment segment, DType dtype, long index) {
        return switch (dtype) {
            case F32 -> segment.get(F32, index * 4);
            case F64 -> segment.get(F64, index * 8);
            case F16 -> Float.float16ToFloat(segment.get(S16, index * 2));
            case BF16 -> Float.intBitsToFloat(segment.get(S16, index * 2) << 16);
            case I8 -> segment.get(ValueLayout.JAVA_BYTE, index);
            case I32 -> segment.get(I32, index * 4);
            case TERNARY -> SubByteCodes.trit(segment, index);
            case I4 -> SubByteCodes.int4(segment, index);
        };
    }

    /**
     * Reads {@code n} consecutive elements starting at element index {@code start} into {@code tile[0, n)}; the
     * switch sits outside the loops so that each loop is a plain, unrollable load-convert-store.
     */
    static void readRun(MemorySegment segment, DType dtype, long start, double[] tile, int n) {
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
                    tile[k] = Float.intBitsToFloat(segment.get(S16, (start + k) * 2) << 16);
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
}
