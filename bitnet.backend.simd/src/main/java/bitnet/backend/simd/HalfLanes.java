package bitnet.backend.simd;

/**
 * Constants of the exact binary16 and bfloat16 to binary32 conversion in integer lanes (the Vector API of JDK 25
 * has no half-float lane type). One int load of {@code 2 L} halves is split by shifts into the even-indexed
 * elements (low halves) and the odd-indexed ones (high halves), see {@link PhaseOrder}.
 *
 * <p>binary16: exponent and mantissa are shifted into the float position ({@code (h & 0x7FFF) << 13}) and
 * multiplied by {@code 2^112}, which rebiases normal numbers and normalises subnormals exactly; a product of at
 * least {@code 2^16} came from exponent 31 and gets the all-ones float exponent (infinity, or NaN keeping its
 * payload); then the sign bit is ORed in. Every non-NaN pattern converts bit-identically to
 * {@link Float#float16ToFloat(short)}. bfloat16: the pattern is the upper half of the float.
 *
 * <p>The kernels write the sequence out in their loops instead of calling a helper that returns a vector: when
 * C2 does not inline such a helper (it refused, "callee is too large", once the helper had been compiled on its
 * own) every vector it returns is boxed, 60 MB of garbage per attention call over a 4096-position F16 cache.
 */
final class HalfLanes {
    /** Exponent and mantissa of the low half, before the shift by 13. */
    static final int LOW_MAGNITUDE = 0x7FFF;
    /** Exponent and mantissa of the high half after {@code >>> 3}: bits 13 to 27. */
    static final int HIGH_MAGNITUDE = 0x7FFF << 13;
    /** Sign of the low half, before the shift by 16. */
    static final int LOW_SIGN = 0x8000;
    /** Sign of the high half: the lane's sign bit. */
    static final int HIGH_SIGN = 0x8000_0000;
    /** {@code 2^(127 - 15)}: moves a binary16 exponent to the binary32 bias. */
    static final float REBIAS = 0x1p112f;
    /** The smallest product that came from exponent 31. */
    static final float FROM_EXPONENT_31 = 0x1p16f;
    /** All-ones binary32 exponent. */
    static final int INF_EXPONENT = 0x7F80_0000;
    /** The upper halves of the lanes: bfloat16 in the high half, as a float. */
    static final int UPPER = 0xFFFF_0000;

    private HalfLanes() {
    }
}
