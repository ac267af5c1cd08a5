package bitnet.quant.pack;

import bitnet.api.quant.PackedTernary;
import bitnet.api.quant.PackingStrategy;
import bitnet.api.quant.TernaryCodec;

/** {@link PackingStrategy#BIT_PACKED_2BIT}: code {@code w + 1} in 2 bits, four weights per byte, low bits first. */
public final class BitPacked2BitCodec implements TernaryCodec {
    @Override
    public PackingStrategy strategy() {
        return PackingStrategy.BIT_PACKED_2BIT;
    }

    @Override
    public PackedTernary pack(byte[] trits, int from, int length) {
        Trits.checkRange(trits, from, length);
        byte[] data = new byte[(length + 3) / 4];
        for (int i = 0; i < length; i++) {
            data[i >> 2] |= (byte) ((trits[from + i] + 1) << ((i & 3) * 2));
        }
        return new PackedTernary(strategy(), length, data);
    }

    @Override
    public void unpack(PackedTernary packed, byte[] out, int offset) {
        Trits.checkUnpack(packed, strategy(), out, offset);
        byte[] data = packed.data();
        int n = packed.length();
        if (data.length != (n + 3) / 4) {
            throw Trits.corrupt(strategy(), data.length + " bytes cannot hold exactly " + n + " weights");
        }
        for (int i = 0; i < n; i++) {
            int code = (data[i >> 2] >> ((i & 3) * 2)) & 3;
            if (code == 3) {
                throw Trits.corrupt(strategy(), "code 3 at weight " + i);
            }
            out[offset + i] = (byte) (code - 1);
        }
    }
}
