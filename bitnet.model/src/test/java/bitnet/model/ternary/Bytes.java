package bitnet.model.ternary;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import bitnet.quant.SubByteCodes;

/** Small helpers for hand-built byte cases. */
final class Bytes {
    private Bytes() {
    }

    static MemorySegment of(Arena arena, int[] unsignedBytes) {
        MemorySegment s = arena.allocate(unsignedBytes.length);
        for (int i = 0; i < unsignedBytes.length; i++) {
            s.set(ValueLayout.JAVA_BYTE, i, (byte) unsignedBytes[i]);
        }
        return s;
    }

    static int[] filled(int n, int value) {
        int[] b = new int[n];
        java.util.Arrays.fill(b, value);
        return b;
    }

    static byte[] trits(MemorySegment ternary, int n) {
        byte[] t = new byte[n];
        for (int i = 0; i < n; i++) {
            t[i] = (byte) SubByteCodes.trit(ternary, i);
        }
        return t;
    }
}
