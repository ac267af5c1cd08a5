package bitnet.quant.pack;

import bitnet.api.quant.PackedTernary;
import bitnet.api.quant.PackingStrategy;
import bitnet.api.quant.TernaryCodec;

/** {@link PackingStrategy#BYTE_ALIGNED}: one signed byte per weight; the baseline of every compression ratio. */
public final class ByteAlignedCodec implements TernaryCodec {
    @Override
    public PackingStrategy strategy() {
        return PackingStrategy.BYTE_ALIGNED;
    }

    @Override
    public PackedTernary pack(byte[] trits, int from, int length) {
        Trits.checkRange(trits, from, length);
        byte[] data = new byte[length];
        System.arraycopy(trits, from, data, 0, length);
        return new PackedTernary(strategy(), length, data);
    }

    @Override
    public void unpack(PackedTernary packed, byte[] out, int offset) {
        Trits.checkUnpack(packed, strategy(), out, offset);
        byte[] data = packed.data();
        if (data.length != packed.length()) {
            throw Trits.corrupt(strategy(), data.length + " bytes for " + packed.length() + " weights");
        }
        for (int i = 0; i < data.length; i++) {
            if (data[i] < -1 || data[i] > 1) {
                throw Trits.corrupt(strategy(), "value " + data[i] + " at weight " + i);
            }
        }
        System.arraycopy(data, 0, out, offset, data.length);
    }
}
