package bitnet.model.ternary;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Hugging Face's BitNet packing (transformers {@code integrations/bitnet.py}): a U8 matrix {@code [R, cols]} holds
 * the ternary {@code [4R, cols]} in four row blocks. Byte {@code (r, j)} holds rows {@code r, R+r, 2R+r, 3R+r} of
 * column {@code j} in bits {@code 1:0, 3:2, 5:4, 7:6} as offset codes, so
 * {@code t[i*R + r, j] = ((packed[r, j] >> 2i) & 3) - 1}.
 */
public final class RowBlockCodes {
    private RowBlockCodes() {
    }

    /**
     * Unpacks into the platform's TERNARY layout.
     *
     * @param src the packed bytes, {@code packedRows * cols}, row-major
     * @param packedRows {@code R}
     * @param cols columns (input features), at most {@code Integer.MAX_VALUE - 8}
     * @param dst TERNARY memory for {@code [4R, cols]}, zeroed
     * @return false if some code was 3 (not ternary); {@code dst} is then partly written
     */
    public static boolean unpack(MemorySegment src, long packedRows, int cols, MemorySegment dst) {
        return (cols & 3) == 0 ? unpackAligned(src, packedRows, cols, dst) : unpackAnyWidth(src, packedRows, cols, dst);
    }

    private static boolean unpackAligned(MemorySegment src, long packedRows, int cols, MemorySegment dst) {
        long bad = 0;
        int wide = cols & ~31;
        long[] outByte = new long[4];
        for (long r = 0; r < packedRows; r++) {
            long rowStart = r * cols;
            for (int block = 0; block < 4; block++) {
                outByte[block] = (block * packedRows + r) * cols >>> 2;
            }
            int j = 0;
            // 32 packed bytes give 8 output bytes in each of the four output rows they hold.
            for (; j < wide; j += 32) {
                long at = rowStart + j;
                long a = src.get(TernaryCodes.LE_LONG, at);
                long b = src.get(TernaryCodes.LE_LONG, at + 8);
                long c = src.get(TernaryCodes.LE_LONG, at + 16);
                long d = src.get(TernaryCodes.LE_LONG, at + 24);
                for (int block = 0; block < 4; block++) {
                    long codes = TernaryCodes.gather8(a, b, c, d, 2 * block);
                    bad |= TernaryCodes.invalidLanes(codes);
                    dst.set(TernaryCodes.LE_LONG, outByte[block] + (j >>> 2), TernaryCodes.platformLanes(codes));
                }
            }
            for (; j < cols; j += 4) {
                int word = src.get(TernaryCodes.LE_INT, rowStart + j);
                for (int block = 0; block < 4; block++) {
                    int codes = TernaryCodes.gather(word, 2 * block);
                    bad |= TernaryCodes.invalid(codes);
                    dst.set(ValueLayout.JAVA_BYTE, outByte[block] + (j >>> 2), TernaryCodes.platformByte(codes));
                }
            }
        }
        return bad == 0;
    }

    private static boolean unpackAnyWidth(MemorySegment src, long packedRows, int cols, MemorySegment dst) {
        byte[] row = new byte[cols];
        byte[] codes = new byte[cols];
        byte[] scratch = new byte[cols / 4 + 1];
        boolean ok = true;
        for (long r = 0; r < packedRows; r++) {
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, r * cols, row, 0, cols);
            for (int block = 0; block < 4; block++) {
                for (int j = 0; j < cols; j++) {
                    int c = (row[j] >>> (2 * block)) & 3;
                    ok &= c != 3;
                    codes[j] = (byte) TernaryCodes.platformCode(c);
                }
                TernaryCodes.writeRow(codes, cols, scratch, dst, (block * packedRows + r) * cols);
            }
        }
        return ok;
    }
}
