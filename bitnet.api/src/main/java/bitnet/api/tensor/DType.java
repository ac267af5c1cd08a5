package bitnet.api.tensor;

/**
 * Element types of a tensor.
 *
 * <p>{@link #TERNARY} holds BitNet b1.58 weights in {-1, 0, +1}, packed four to a byte as 2-bit codes
 * (see {@link #bitsPerElement()}); its per-tensor scale travels beside the tensor, not inside it.
 */
public enum DType {
    /** IEEE 754 binary32. */
    F32(32, true),
    /** IEEE 754 binary64. */
    F64(64, true),
    /** IEEE 754 binary16. */
    F16(16, true),
    /** bfloat16: the upper 16 bits of a binary32. */
    BF16(16, true),
    /** Signed 8-bit integer. */
    I8(8, false),
    /** Signed 32-bit integer. */
    I32(32, false),
    /**
     * Ternary {-1, 0, +1}, 2 bits per element, four elements per byte, element 0 in the low bits; codes
     * {@code 0b00 = 0, 0b01 = +1, 0b10 = -1} ({@code 0b11} reads as 0). Converting a number to it rounds half to even
     * and saturates, like the other integer types.
     */
    TERNARY(2, false),
    /**
     * Signed 4-bit integer in [-8, 7], two elements per byte, element 0 in the low nibble (two's complement): the
     * values of INT4 group-wise quantization, whose scales travel beside the tensor.
     */
    I4(4, false);

    private final int bits;
    private final boolean floating;

    DType(int bits, boolean floating) {
        this.bits = bits;
        this.floating = floating;
    }

    /** @return storage bits of one element (2 for {@link #TERNARY}) */
    public int bitsPerElement() {
        return bits;
    }

    /** @return true for floating-point types */
    public boolean isFloating() {
        return floating;
    }

    /**
     * Bytes needed to store {@code elements} elements of this type, rounded up to whole bytes.
     *
     * @param elements element count, not negative
     * @return the byte size
     * @throws IllegalArgumentException if {@code elements} is negative, or so large that their bits overflow a long
     *     (a shape no tensor can have: corrupt, or read with the wrong type)
     */
    public long byteSize(long elements) {
        if (elements < 0) {
            throw new IllegalArgumentException("element count must not be negative: " + elements);
        }
        if (elements > Long.MAX_VALUE / bits) {
            throw new IllegalArgumentException(elements + " elements of " + this + " need more than 2^63 - 1 bits, "
                    + "more than any tensor holds; check the shape (corrupt, or read as the wrong type?)");
        }
        long bitCount = elements * bits;
        return bitCount / 8 + (bitCount % 8 == 0 ? 0 : 1);
    }
}
