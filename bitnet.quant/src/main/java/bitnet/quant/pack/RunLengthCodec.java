package bitnet.quant.pack;

import bitnet.api.quant.PackedTernary;
import bitnet.api.quant.PackingStrategy;
import bitnet.api.quant.TernaryCodec;

/** {@link PackingStrategy#RUN_LENGTH_ENCODED}: one byte {@code (w + 1) << 6 | (run - 1)} per run of 1..64 equal weights. */
public final class RunLengthCodec implements TernaryCodec {
    static final int MAX_RUN = 64;

    @Override
    public PackingStrategy strategy() {
        return PackingStrategy.RUN_LENGTH_ENCODED;
    }

    @Override
    public PackedTernary pack(byte[] trits, int from, int length) {
        Trits.checkRange(trits, from, length);
        byte[] data = new byte[encodedSize(trits, from, length)];
        int pos = 0;
        int i = from;
        int end = from + length;
        while (i < end) {
            byte v = trits[i];
            int run = 1;
            while (i + run < end && run < MAX_RUN && trits[i + run] == v) {
                run++;
            }
            data[pos++] = (byte) (((v + 1) << 6) | (run - 1));
            i += run;
        }
        return new PackedTernary(strategy(), length, data);
    }

    /** @return the exact number of bytes {@link #pack} writes for this range */
    static int encodedSize(byte[] trits, int from, int length) {
        int bytes = 0;
        int i = from;
        int end = from + length;
        while (i < end) {
            int run = 1;
            while (i + run < end && run < MAX_RUN && trits[i + run] == trits[i]) {
                run++;
            }
            bytes++;
            i += run;
        }
        return bytes;
    }

    @Override
    public void unpack(PackedTernary packed, byte[] out, int offset) {
        Trits.checkUnpack(packed, strategy(), out, offset);
        int n = packed.length();
        int written = 0;
        for (byte b : packed.data()) {
            int code = (b >> 6) & 3;
            int run = (b & 0x3F) + 1;
            if (code == 3) {
                throw Trits.corrupt(strategy(), "value code 3 in a run header");
            }
            if (written + run > n) {
                throw Trits.corrupt(strategy(), "runs hold more than the " + n + " weights declared");
            }
            java.util.Arrays.fill(out, offset + written, offset + written + run, (byte) (code - 1));
            written += run;
        }
        if (written != n) {
            throw Trits.corrupt(strategy(), "runs hold " + written + " weights, " + n + " declared");
        }
    }
}
