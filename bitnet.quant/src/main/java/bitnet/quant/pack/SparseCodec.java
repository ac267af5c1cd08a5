package bitnet.quant.pack;

import java.util.Arrays;

import bitnet.api.quant.PackedTernary;
import bitnet.api.quant.PackingStrategy;
import bitnet.api.quant.TernaryCodec;

/**
 * {@link PackingStrategy#COMPRESSED_SPARSE}: per non-zero weight one varint {@code (gap << 1) | negative}, where
 * {@code gap} is the number of zeros since the previous non-zero. Smaller than 2 bits per weight once more than
 * about 70 % of the weights are zero and the gaps fit one byte.
 */
public final class SparseCodec implements TernaryCodec {
    /** Longest input: a gap must fit {@code (gap << 1) | 1} in a non-negative int. */
    public static final int MAX_LENGTH = (1 << 30) - 1;

    @Override
    public PackingStrategy strategy() {
        return PackingStrategy.COMPRESSED_SPARSE;
    }

    @Override
    public PackedTernary pack(byte[] trits, int from, int length) {
        Trits.checkRange(trits, from, length);
        if (length > MAX_LENGTH) {
            throw new bitnet.api.quant.QuantizationException("sparse packing holds at most " + MAX_LENGTH
                    + " weights per value, got " + length + "; pack in blocks (HYBRID) instead");
        }
        byte[] data = new byte[encodedSize(trits, from, length)];
        int pos = 0;
        int gap = 0;
        for (int i = from; i < from + length; i++) {
            if (trits[i] == 0) {
                gap++;
            } else {
                pos = Varint.write(data, pos, (gap << 1) | (trits[i] < 0 ? 1 : 0));
                gap = 0;
            }
        }
        return new PackedTernary(strategy(), length, data);
    }

    /** @return the exact number of bytes {@link #pack} writes for this range */
    static int encodedSize(byte[] trits, int from, int length) {
        int bytes = 0;
        int gap = 0;
        for (int i = from; i < from + length; i++) {
            if (trits[i] == 0) {
                gap++;
            } else {
                bytes += Varint.size(gap << 1 | 1);
                gap = 0;
            }
        }
        return bytes;
    }

    @Override
    public void unpack(PackedTernary packed, byte[] out, int offset) {
        Trits.checkUnpack(packed, strategy(), out, offset);
        int n = packed.length();
        byte[] data = packed.data();
        Arrays.fill(out, offset, offset + n, (byte) 0);
        int[] cursor = {0};
        long pos = 0;
        while (cursor[0] < data.length) {
            int v = Varint.read(data, cursor, data.length, strategy());
            pos += v >>> 1;
            if (pos >= n) {
                throw Trits.corrupt(strategy(), "non-zero weight at position " + pos + " past the length " + n);
            }
            out[offset + (int) pos] = (byte) ((v & 1) == 0 ? 1 : -1);
            pos++;
        }
    }
}
