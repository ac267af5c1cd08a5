package bitnet.api.quant;

import java.util.Objects;

/**
 * Ternary weights stored with one {@link PackingStrategy}.
 *
 * <p>The {@code data} array is not copied: it belongs to this value, and nobody may change it after construction.
 *
 * @param strategy the layout of {@code data}
 * @param length the number of ternary weights {@code data} holds, not negative
 * @param data the packed bytes, laid out as {@link PackingStrategy} describes
 */
public record PackedTernary(PackingStrategy strategy, int length, byte[] data) {
    /**
     * @throws NullPointerException if {@code strategy} or {@code data} is null
     * @throws QuantizationException if {@code length} is negative
     */
    public PackedTernary {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(data, "data");
        if (length < 0) {
            throw new QuantizationException("packed ternary length must not be negative: " + length);
        }
    }

    /**
     * @return the compression ratio against one byte per weight, {@code length / data.length}
     *     (1 for an empty tensor, infinite for an empty payload of a non-empty tensor)
     */
    public double compressionRatio() {
        return data.length == 0 ? (length == 0 ? 1.0 : Double.POSITIVE_INFINITY) : (double) length / data.length;
    }

    /** @return storage bits per weight, {@code 8 * data.length / length} (0 for an empty tensor) */
    public double bitsPerWeight() {
        return length == 0 ? 0.0 : 8.0 * data.length / length;
    }
}
