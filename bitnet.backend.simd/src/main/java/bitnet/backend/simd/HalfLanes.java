package bitnet.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Exact binary16 and bfloat16 to binary32 conversion in integer lanes (the Vector API of JDK 25 has no half-float
 * lane type). Each method reads the 16-bit pattern from the low or high half of every int lane, so one int load
 * of {@code 2 L} halves yields two float vectors: the even-indexed and the odd-indexed elements (see
 * {@link PhaseOrder}).
 *
 * <p>binary16: exponent and mantissa are shifted into place ({@code << 13}) and multiplied by {@code 2^112}, which
 * rebiases normal numbers and normalises subnormals exactly; a result of at least {@code 2^16} came from exponent
 * 31 and gets the all-ones float exponent (infinity, or NaN with its payload); then the sign is ORed in. Every
 * non-NaN pattern converts bit-identically to {@link Float#float16ToFloat(short)}.
 */
final class HalfLanes {
    private static final float REBIAS = 0x1p112f;
    private static final float FROM_EXPONENT_31 = 0x1p16f;

    private HalfLanes() {
    }

    /** @return the binary16 values held in the low 16 bits of each lane (the high bits are ignored) */
    static FloatVector f16Low(IntVector w) {
        IntVector magnitude = w.and(0x7FFF).lanewise(VectorOperators.LSHL, 13);
        IntVector sign = w.and(0x8000).lanewise(VectorOperators.LSHL, 16);
        return finish(magnitude, sign);
    }

    /** @return the binary16 values held in the high 16 bits of each lane */
    static FloatVector f16High(IntVector w) {
        IntVector magnitude = w.lanewise(VectorOperators.LSHR, 3).and(0x7FFF << 13);
        IntVector sign = w.and(0x8000_0000);
        return finish(magnitude, sign);
    }

    private static FloatVector finish(IntVector magnitude, IntVector sign) {
        FloatVector scaled = magnitude.reinterpretAsFloats().mul(REBIAS);
        VectorMask<Integer> infOrNaN = scaled.compare(VectorOperators.GE, FROM_EXPONENT_31).cast(magnitude.species());
        IntVector bits = scaled.reinterpretAsInts().lanewise(VectorOperators.OR, 0x7F80_0000, infOrNaN);
        return bits.or(sign).reinterpretAsFloats();
    }

    /** @return the bfloat16 values held in the low 16 bits of each lane */
    static FloatVector bf16Low(IntVector w) {
        return w.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    /** @return the bfloat16 values held in the high 16 bits of each lane */
    static FloatVector bf16High(IntVector w) {
        return w.and(0xFFFF_0000).reinterpretAsFloats();
    }
}
