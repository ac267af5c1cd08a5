package bitnet.quant.pack;

import bitnet.api.quant.PackedTernary;
import bitnet.api.quant.PackingStrategy;
import bitnet.api.quant.TernaryCodec;

/** {@link PackingStrategy#BASE3_PACKED}: five weights per byte as base-3 digits {@code w + 1}, first weight lowest. */
public final class Base3Codec implements TernaryCodec {
    private static final int MAX_BYTE = 242;

    @Override
    public PackingStrategy strategy() {
        return PackingStrategy.BASE3_PACKED;
    }

    @Override
    public PackedTernary pack(byte[] trits, int from, int length) {
        Trits.checkRange(trits, from, length);
        byte[] data = new byte[(length + 4) / 5];
        for (int b = 0; b < data.length; b++) {
            int value = 0;
            // Horner from the last digit of the byte down to the first, so the first weight is the lowest digit.
            for (int j = Math.min(5, length - 5 * b) - 1; j >= 0; j--) {
                value = value * 3 + trits[from + 5 * b + j] + 1;
            }
            data[b] = (byte) value;
        }
        return new PackedTernary(strategy(), length, data);
    }

    @Override
    public void unpack(PackedTernary packed, byte[] out, int offset) {
        Trits.checkUnpack(packed, strategy(), out, offset);
        byte[] data = packed.data();
        int n = packed.length();
        if (data.length != (n + 4) / 5) {
            throw Trits.corrupt(strategy(), data.length + " bytes cannot hold exactly " + n + " weights");
        }
        for (int b = 0; b < data.length; b++) {
            int value = data[b] & 0xFF;
            int digits = Math.min(5, n - 5 * b);
            if (value > MAX_BYTE || (digits < 5 && value >= pow3(digits))) {
                throw Trits.corrupt(strategy(), "byte " + b + " has value " + value + " for " + digits + " digits");
            }
            for (int j = 0; j < digits; j++) {
                out[offset + 5 * b + j] = (byte) (value % 3 - 1);
                value /= 3;
            }
        }
    }

    private static int pow3(int e) {
        int p = 1;
        for (int i = 0; i < e; i++) {
            p *= 3;
        }
        return p;
    }
}
