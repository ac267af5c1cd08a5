package bitnet.quant;

import java.util.Objects;

/**
 * Group-wise int4 values from {@link Int4Quantizer}: two signed nibbles per byte, element {@code i} in byte
 * {@code i / 2}, low nibble for even {@code i}; one scale per group of {@code groupSize} consecutive elements.
 * Arrays are not copied and must not be changed.
 *
 * @param packed {@code ceil(length / 2)} bytes
 * @param scales {@code ceil(length / groupSize)} scales
 * @param length element count
 * @param groupSize elements per scale
 */
public record Int4Weights(byte[] packed, float[] scales, int length, int groupSize) {
    /** @throws NullPointerException if an array is null */
    public Int4Weights {
        Objects.requireNonNull(packed, "packed");
        Objects.requireNonNull(scales, "scales");
    }

    /**
     * @param i element index
     * @return the signed 4-bit code of element {@code i}, in [-8, 7]
     */
    public int code(int i) {
        int b = packed[i >> 1];
        // Shift the wanted nibble to the top of an int, then sign-extend it back down.
        return (i & 1) == 0 ? (b << 28) >> 28 : (b << 24) >> 28;
    }
}
