package bitnet.api.quant;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Packs ternary weights into one {@link PackingStrategy} and back. Implementations are stateless and thread-safe.
 */
@ProviderType
public interface TernaryCodec {
    /** @return the strategy this codec writes and reads */
    PackingStrategy strategy();

    /**
     * Packs {@code trits[from .. from + length)}.
     *
     * @param trits weights, each -1, 0 or +1; not changed
     * @param from first index
     * @param length number of weights
     * @return a new packed value of this codec's strategy
     * @throws QuantizationException if a weight is not -1, 0 or +1 (the message names its index)
     * @throws IndexOutOfBoundsException if the range is outside {@code trits}
     */
    PackedTernary pack(byte[] trits, int from, int length);

    /**
     * Unpacks into {@code out[offset .. offset + packed.length())}.
     *
     * @param packed a value of this codec's strategy
     * @param out receives the weights -1, 0, +1
     * @param offset first index written
     * @throws QuantizationException if {@code packed} has another strategy or its data is corrupt or truncated
     * @throws IndexOutOfBoundsException if {@code out} is too short
     */
    void unpack(PackedTernary packed, byte[] out, int offset);

    /**
     * Packs a whole array.
     *
     * @param trits weights, each -1, 0 or +1
     * @return the packed value
     * @throws QuantizationException if a weight is not ternary
     */
    default PackedTernary pack(byte[] trits) {
        return pack(trits, 0, trits.length);
    }

    /**
     * Unpacks into a new array.
     *
     * @param packed a value of this codec's strategy
     * @return the weights
     * @throws QuantizationException if the data is corrupt or of another strategy
     */
    default byte[] unpack(PackedTernary packed) {
        byte[] out = new byte[packed.length()];
        unpack(packed, out, 0);
        return out;
    }
}
