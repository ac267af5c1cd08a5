package bitnet.quant.pack;

import bitnet.api.quant.PackingStrategy;

/** Unsigned LEB128 varints of non-negative ints, seven bits per byte, least significant group first. */
final class Varint {
    private Varint() {
    }

    static int size(int value) {
        int n = 1;
        while ((value >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    static int write(byte[] out, int pos, int value) {
        while ((value & ~0x7F) != 0) {
            out[pos++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[pos++] = (byte) value;
        return pos;
    }

    /** Reads a varint at {@code cursor[0]} and advances it. */
    static int read(byte[] in, int[] cursor, int end, PackingStrategy strategy) {
        int pos = cursor[0];
        int value = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            if (pos >= end) {
                throw Trits.corrupt(strategy, "varint runs past the end of the data at byte " + pos);
            }
            int b = in[pos++];
            value |= (b & 0x7F) << shift;
            if (b >= 0) {
                if (value < 0) {
                    break;
                }
                cursor[0] = pos;
                return value;
            }
        }
        throw Trits.corrupt(strategy, "varint at byte " + cursor[0] + " does not fit a non-negative int");
    }
}
