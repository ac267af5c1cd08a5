package bitnet.quant.pack;

import java.util.Objects;

import bitnet.api.quant.PackedTernary;
import bitnet.api.quant.PackingStrategy;
import bitnet.api.quant.QuantizationException;

/** Checks shared by the codecs. */
final class Trits {
    private Trits() {
    }

    static void checkRange(byte[] trits, int from, int length) {
        Objects.checkFromIndexSize(from, length, trits.length);
        for (int i = from; i < from + length; i++) {
            int t = trits[i];
            if (t < -1 || t > 1) {
                throw new QuantizationException("weight " + t + " at index " + i + " is not ternary (-1, 0, +1);"
                        + " quantize the weights first");
            }
        }
    }

    static void checkUnpack(PackedTernary packed, PackingStrategy expected, byte[] out, int offset) {
        if (packed.strategy() != expected) {
            throw new QuantizationException("a " + expected + " codec cannot read " + packed.strategy()
                    + " data; use Codecs.of(packed.strategy())");
        }
        Objects.checkFromIndexSize(offset, packed.length(), out.length);
    }

    static QuantizationException corrupt(PackingStrategy strategy, String detail) {
        return new QuantizationException("corrupt " + strategy + " data: " + detail);
    }
}
