package bitnet.api.precision;

import bitnet.api.tensor.DType;

/** Numeric precisions a policy can assign, from widest to narrowest. */
public enum Precision {
    /** 32-bit float. */
    F32(DType.F32, 32),
    /** 16-bit float. */
    F16(DType.F16, 16),
    /** bfloat16. */
    BF16(DType.BF16, 16),
    /** 8-bit integer with a scale. */
    INT8(DType.I8, 8),
    /** 4-bit integer, group-wise scales; stored packed, no tensor dtype of its own. */
    INT4(null, 4),
    /** Ternary {-1, 0, +1} with an absmean scale (BitNet b1.58). */
    TERNARY(DType.TERNARY, 2);

    private final DType dtype;
    private final int bits;

    Precision(DType dtype, int bits) {
        this.dtype = dtype;
        this.bits = bits;
    }

    /** @return the tensor dtype that stores this precision, or null if it has none ({@link #INT4}) */
    public DType dtype() {
        return dtype;
    }

    /** @return bits per element, scales not counted */
    public int bits() {
        return bits;
    }

    /**
     * @param other another precision
     * @return true if this precision stores fewer bits per element than {@code other}
     */
    public boolean isNarrowerThan(Precision other) {
        return bits < other.bits;
    }
}
