package bitnet.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code e^x} in float, within 2 ulp of the correctly rounded value, computed by the same float operations in a
 * vector lane ({@link #exp(FloatVector)}) as on a scalar ({@link #exp(float)}), in every JIT tier.
 *
 * <p>{@code lanewise(EXP)} is not that: its intrinsic calls a vector math library while the interpreter's fallback
 * calls {@link Math#exp}, so a softmax rounded differently before and after warm-up, and a sequence's attention
 * weights depended on when it ran. Method: {@code x = n ln2 + r} with {@code n} the nearest integer to
 * {@code x / ln2} and {@code |r| <= ln2 / 2} (ln2 in two parts, so {@code r} is exact to float precision), the
 * Cephes {@code expf} polynomial for {@code e^r}, then two exact power-of-two scalings so that results down to
 * the subnormal range round once. Overflow gives infinity, underflow zero, NaN stays NaN.
 */
final class Exp {
    private static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    /** Above this, {@code e^x} rounds to infinity. */
    static final float OVERFLOW = 88.72284f;
    /** Below this, {@code e^x} rounds to zero. */
    static final float UNDERFLOW = -103.97209f;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** {@code 1.5 * 2^23}: adding it rounds a float of magnitude below {@code 2^22} to an integer. */
    private static final float ROUNDER = 0x1.8p23f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    private static final float P0 = 1.9875691500e-4f;
    private static final float P1 = 1.3981999507e-3f;
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;

    private Exp() {
    }

    /** @return {@code e^x}, equal to every lane of {@link #exp(FloatVector)} given {@code x} */
    static float exp(float x) {
        if (x > OVERFLOW) {
            return Float.POSITIVE_INFINITY;
        }
        if (x < UNDERFLOW) {
            return 0f;
        }
        float t = Math.fma(x, LOG2E, ROUNDER);
        int n = Float.floatToRawIntBits(t) - ROUNDER_BITS;
        float fn = t - ROUNDER;
        float r = Math.fma(fn, -LN2_HI, x);
        r = Math.fma(fn, -LN2_LO, r);
        float p = Math.fma(P0, r, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        float e = Math.fma(p, r * r, r) + 1f;
        int half = n >> 1;
        return e * Float.intBitsToFloat((half + 127) << 23) * Float.intBitsToFloat((n - half + 127) << 23);
    }

    /** @return {@code e^x} lane by lane, each lane equal to {@link #exp(float)} of it; {@code x} of the kernels' species */
    static FloatVector exp(FloatVector x) {
        FloatVector t = x.fma(LOG2E, ROUNDER);
        IntVector n = t.reinterpretAsInts().sub(ROUNDER_BITS);
        FloatVector fn = t.sub(ROUNDER);
        FloatVector r = fn.fma(FloatVector.broadcast(S, -LN2_HI), x);
        r = fn.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = r.fma(P0, P1);
        p = p.fma(r, FloatVector.broadcast(S, P2));
        p = p.fma(r, FloatVector.broadcast(S, P3));
        p = p.fma(r, FloatVector.broadcast(S, P4));
        p = p.fma(r, FloatVector.broadcast(S, P5));
        FloatVector e = p.fma(r.mul(r), r).add(1f);
        IntVector half = n.lanewise(VectorOperators.ASHR, 1);
        FloatVector s0 = half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s1 = n.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        e = e.mul(s0).mul(s1);
        e = e.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, OVERFLOW));
        return e.blend(0f, x.compare(VectorOperators.LT, UNDERFLOW));
    }
}
